LABEL = "spam"
TEXTS = [
    "🎉 You are our 1,000,000th visitor! Spin the wheel to win an iPhone 15 Pro, just cover the $1.95 shipping.",
    "Walmart Shopper Survey: you have been selected to receive a $500 gift card. Complete 3 questions to claim: wm-rewards-survey.top",
    "FINAL NOTICE: Your Costco membership reward of $750 expires today. Confirm your card details to redeem.",
    "Dear customer, your phone number won £250,000 in the UK National Lottery online draw. Contact claims agent Mr. Wright with reference UKL/8841.",
    "You've been chosen to test the new Dyson V15 for free and keep it! Limited units, enter your address and card for a $2 fee.",
    "Amazon Lucky Draw: your order history qualified you for a free PS5. Claim in 10 minutes or it goes to the next winner.",
    "Your IP address won the weekly sweepstakes 🏆 $1,000 in Steam credit waiting. Log in with Steam here to collect.",
    "You have (1) unclaimed reward from your mobile carrier: Samsung Galaxy S24. Click to verify eligibility.",
]
