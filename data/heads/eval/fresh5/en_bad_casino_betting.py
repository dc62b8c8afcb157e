LABEL = "spam"
TEXTS = [
    "🎰 Get 500% bonus up to $2,000 + 200 free spins on your first deposit! Join LuckyStar Casino now.",
    "Sure bets! Fixed matches with 100% win rate, today's odds 25.0. Pay $50 for the tip on Telegram @FixedMatchKing",
    "Bro I won $3,400 last night on this slot site, no KYC, instant withdrawal, use my code RICH77 at spinwin88.vip",
    "Subject: Your free £50 bet is waiting - Register at BetKingz today and claim your welcome bonus. No wagering requirements!",
    "Aviator game hack! Predict the crash point with our signals bot. 95% accuracy. Join our VIP channel now.",
    "Play online roulette with live dealers 24/7, deposit via crypto, bonus 300%, link in my profile",
]
