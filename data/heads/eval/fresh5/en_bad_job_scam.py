LABEL = "spam"
TEXTS = [
    "Hi! I'm a recruiter at Amazon. We have a part-time remote job: like YouTube videos and earn $200-500/day. Interested? Reply on WhatsApp.",
    "Work from home, earn $5,000/week stuffing envelopes! No experience, no interview. Send $49 for your starter kit.",
    "Hello, your resume was recommended by LinkedIn. Position: online data assistant, 60-90 min/day, daily pay 300-800 USD. Add me on Telegram @HR_Melissa_2",
    "Congratulations, you've been hired as a mystery shopper! We'll mail you a $2,950 check, deposit it, keep $350 and wire the rest to our vendor.",
    "Subject: Job Offer - Remote Personal Assistant - I came across your profile and would like to offer you a flexible PA role at $650/week. No interview required. Reply with your bank details to set up payroll.",
    "URGENT HIRING: Package reshipping agents needed. Receive parcels at home and forward them abroad. $40 per package!",
    "Earn $1,200 per day rating hotels on your phone! Just complete 30 tasks daily. A registration deposit of 100 USDT unlocks higher commissions.",
    "Hi Sarah, Daniel from TalentBridge HR here. We saw your CV on Indeed and you qualify for a data entry position, $45/hr. Please buy the required software via our vendor, we'll reimburse you.",
]
