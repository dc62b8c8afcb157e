LABEL = "spam"
TEXTS = [
    "Hi there! Are you looking for affordable solar panels? We install in 48h with $0 down. Reply YES for a free quote!",
    "BEST PRICES on Ray-Ban sunglasses 🕶️ 90% OFF only today!!! Shop now at rayban-outlet-sale.store",
    "Hey, saw you're in the dog owners group. I sell organic CBD treats for dogs, 20% off with code WOOF20, DM me!",
    "We buy houses for cash in any condition! Close in 7 days, no fees, no agents. Call 555-0142 today.",
    "Dear business owner, we provide cheap bulk SMS services, 100,000 messages for $99. Reach your customers instantly!",
    "Looking to lose weight? I joined an amazing wellness team and I want YOU to join too! Message me for details 💕💕",
    "Extended car warranty: this is your final chance to protect your vehicle before coverage expires. Press 1 to speak to an agent.",
    "Get a professional logo for your business in 24 hours, only $5! Unlimited revisions. Contact us on Fiverr or WhatsApp.",
]
