LABEL = "spam"
TEXTS = [
    "Get 10K real Instagram followers in 24 hours for just $9.99! No password needed. DM us 🔥🔥",
    "🎁 GIVEAWAY 🎁 We're giving away 50 iPhones! Follow @gadgetdrop_official, like this post, tag 5 friends and click the link in bio to confirm.",
    "Nice pic! Wanna go viral? Promote it on @boost.page.now 💯",
    "Buy TikTok views, likes and followers, cheapest prices, instant delivery, 100% safe. Visit our site in bio.",
    "Hi, love your content! We'd like to feature you on our page, just pay a small promotion fee of $30 and get 20k exposure 🌟",
    "Free YouTube subscribers! Sub4sub group, 5,000 members, join via the link below and never be stuck at 0 again.",
    "Congrats, you're one of our lucky followers picked for a $1,000 Cash App giveaway! Send $25 to verify and receive your prize.",
    "Want blue check verification? We can get your account verified in 48 hrs, 100% guarantee. Contact our agent on Telegram.",
]
