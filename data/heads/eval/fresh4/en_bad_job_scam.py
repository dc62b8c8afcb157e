LABEL = "spam"
TEXTS = [
    "Hi! I'm Linda from a recruitment agency. We have a part-time job liking YouTube videos, $50-$300 per day. Reply YES on WhatsApp to start.",
    "Earn $8,000/month working from home as a mystery shopper. We'll mail you a check, deposit it and wire the difference to our agent.",
    "Congratulations, you've been hired as a Remote Data Entry Clerk, no interview needed. Buy your work laptop from our approved vendor and we'll reimburse you.",
    "Amazon is hiring product reviewers! Complete simple tasks online, earn commissions daily. A small deposit unlocks higher-paying tasks.",
    "Package reshipping coordinator wanted: receive parcels at home, relabel and forward them abroad. $3,500/mo, no experience necessary.",
    "Job offer: Personal assistant to a traveling executive, $850/week. Your first task is to buy gift cards for clients, you'll be reimbursed.",
    "Make money with your phone in your spare time!! Just 1 hour a day, instant withdrawal. Join our Telegram task group now 💰",
    "Your resume was selected by our HR department. Pay the $120 training and background check fee to confirm your position.",
]
