LABEL = "spam"
TEXTS = [
    "Want 10K followers in 24 hours? Real, active accounts, only $19! DM us now 🔥",
    "🎁 iPhone 15 GIVEAWAY 🎁 Follow us, like this post, tag 3 friends and click the link in bio to enter!",
    "Free TikTok coins! Enter your username and password at tiktok-coins-free.io and get 10,000 coins instantly.",
    "Congrats you've been chosen as a winner of our giveaway! DM the page @giveaway.official.claims with your card details to pay shipping.",
    "Free Discord Nitro for everyone! Just log in with your account here: discord-nitro-gift.com/claim",
    "I'll follow back everyone who likes this comment!! F4F L4L 💯 Grow your account fast with me",
]
