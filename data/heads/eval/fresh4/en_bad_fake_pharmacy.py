LABEL = "spam"
TEXTS = [
    "Buy Ozempic without prescription! Lose 30 lbs in a month, discreet shipping worldwide, 70% off today only: rx-slim-direct.shop",
    "Cheap V1agra and C1alis, no doctor needed, overnight delivery. Order now and get 10 free pills.",
    "Canadian pharmacy online: Xanax, Adderall, Oxycodone, no Rx required, pay with Bitcoin for extra discount.",
    "Doctors HATE this! One tiny capsule melts belly fat while you sleep. Claim your free bottle, just pay shipping.",
    "Generic tramadol 100mg, 180 pills for $89. No prescription. Reply for price list.",
    "Cure diabetes in 21 days with this ancient herbal remedy, throw away your insulin! Limited stock, order today.",
    "Hair loss? Our miracle serum regrows a full head of hair in 2 weeks, 100% guaranteed. Buy 2 get 3 FREE 🔥",
    "Antibiotics, painkillers and sleeping pills shipped from our licensed Indian pharmacy, no questions asked. WhatsApp orders only.",
]
