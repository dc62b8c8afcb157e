LABEL = "spam"
TEXTS = [
    "Hi, got your number from a list. We do gutter cleaning in your area, 50% off this week only! Call Mike 555-0188.",
    "Tired of back pain? Try the new OrthoFlex belt, 70% off today only! Order at orthoflex-deal.shop",
    "Hi John, I help SaaS founders scale to $1M ARR in 90 days. Do you have 15 min this week for a quick call?",
    "Hey! Check out my OnlyFans, link in bio, first month free 💋",
    "YOUR CAR WARRANTY IS ABOUT TO EXPIRE. Press 1 to speak with a specialist about extended coverage.",
    "Promoting my new clothing brand, 30% off with code DRIP30 at driplabstore.com, follow us on IG!",
    "Stop paying too much for electricity! Switch to SunnyPower solar, no upfront cost. Reply YES for a free quote.",
    "Nice video! Check out my channel, I post daily fitness tips, subscribe back? 💪🔥",
]
