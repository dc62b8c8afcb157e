LABEL = "spam"
TEXTS = [
    "Subject: ACTION REQUIRED: Your mailbox will be deactivated\n\nDear user, your email account has exceeded its quota. Validate your account within 24 hours by logging in here or it will be permanently deleted. IT Help Desk",
    "Subject: Invoice #INV-88219 Overdue\n\nHello, please find attached the overdue invoice. Open the attached zip file and enable macros to view. Payment must be made today to avoid legal action.",
    "Subject: Business Proposal - Confidential\n\nI am Mr. Chen, a bank manager in Hong Kong. I have a lucrative business proposal involving $18.5 million. Reply for more details.",
    "Subject: Your PayPal account has been limited\n\nWe've noticed some unusual activity. Please confirm your identity by clicking the link below and entering your card information.",
    "Subject: Re: Your order #55102 has been shipped!!!\n\nCongratulations! You have been selected for our exclusive customer loyalty program. Claim your $100 gift card now, offer ends tonight.",
    "Subject: Make $10,000 a week from home!\n\nThis is not a scam. Thousands of people are already doing it. All you need is a computer and 2 hours a day. Click to see the video.",
    "Subject: Lowest mortgage rates in 10 years\n\nRefinance today at 2.1% APR. Bad credit? No problem. Get your free quote in 60 seconds. To unsubscribe click here.",
    "Subject: Urgent wire request\n\nHi, are you at your desk? I need you to process a wire transfer of $24,800 to a new vendor today. I'm in meetings, so email only. Sent from my iPhone - CEO",
]
