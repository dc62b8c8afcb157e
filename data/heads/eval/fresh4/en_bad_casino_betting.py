LABEL = "spam"
TEXTS = [
    "🎰 Welcome bonus 500% + 200 free spins at LuckyBull Casino! No ID verification, instant crypto withdrawals. Sign up now!",
    "Sure-win fixed matches this weekend: Serie A and La Liga, 100% guaranteed odds 25.00. Pay $50 for the ticket via Telegram.",
    "You have 50 FREE SPINS waiting 🍒 Claim before midnight at spin-palace-vip.com, no deposit required.",
    "Bet on tonight's NBA game with our insider tips: 95% win rate last month. Join VIP for $29 and double your money.",
    "New online slots site: deposit $10, get $100 to play. Our players win big every day! Use code WIN100.",
    "Hey bro, I found a roulette system that never loses, made $3k this week. DM me and I'll send you the link.",
    "Football betting tips group, 10 sure odds per day, daily profits 💸💸 Join now, only 12 spots left.",
    "Play baccarat and blackjack with live dealers, VIP rebates 1.5%, first deposit doubled! Register via the link.",
]
