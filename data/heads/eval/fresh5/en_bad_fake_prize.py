LABEL = "spam"
TEXTS = [
    "Congratulations! You've won a $1,000 Walmart gift card. Claim it now at walmart-winner-claim.com before it expires!",
    "Your mobile number has won £750,000 in the Coca-Cola UK Promotion. Reply with your name, address and bank details to claim.",
    "🎉 You are today's lucky visitor! Spin the wheel to win an iPhone 15 Pro. Only pay $2.99 shipping.",
    "FINAL NOTICE: Your Costco reward of $500 is unclaimed. Complete a short survey to receive your prize: costco-rewards-survey.co",
    "Dear winner, your email was drawn in the Microsoft International Lottery. Prize: $1,500,000. Contact our claims agent Mr. Peter Vance.",
    "You've been selected to receive a FREE Dyson Airwrap! Just confirm your shipping address and card for verification.",
    "Congrats Jamie, you are one of 10 Amazon users chosen to get a free PS5. Tap to claim in 30 mins: amzn-prizes.top",
    "WINNER!! As a valued network customer you have been selected to receive a £900 prize reward! Call 09061701461 to claim. Valid 12 hours only.",
]
