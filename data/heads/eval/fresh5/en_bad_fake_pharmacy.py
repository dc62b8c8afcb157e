LABEL = "spam"
TEXTS = [
    "Buy Viagra, Cialis and Xanax online without a prescription! Discreet shipping worldwide, 80% off. rx-meds-cheap.com",
    "Lose 20 lbs in 2 weeks with our Ozempic alternative, no doctor needed! Limited stock, order now.",
    "Canadian pharmacy: Oxycodone, Adderall and Tramadol available, no Rx required. Bitcoin accepted.",
    "Subject: Your meds order - Cheap generic pills, 90% savings, FDA approved*, overnight delivery. Click to reorder.",
    "Hey, I sell Adderall 30mg, $8 a pill, ship anywhere in the US, DM me on Snapchat.",
    "Miracle pill cures diabetes in 30 days, doctors hate it! Get your bottle for just $39.95.",
]
