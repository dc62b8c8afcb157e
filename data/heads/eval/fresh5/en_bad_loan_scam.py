LABEL = "spam"
TEXTS = [
    "Need cash fast? Get approved for up to $5,000 today, NO credit check, bad credit OK! Apply now at quickcash-loans4u.com",
    "You are pre-approved for a £15,000 personal loan at 0.9% APR. To release the funds, pay a one-time insurance fee of £199.",
    "Guaranteed loan approval in 10 minutes! Even if you've been refused by banks. Text LOAN to 88422.",
    "Drowning in debt? Our government-backed program will wipe out 80% of your credit card debt. Call now, limited spots!",
    "Hello sir, we are private lenders offering loans at 2% interest to individuals and businesses worldwide. Contact us via email: globalfinance.loans@gmail.com",
    "Subject: Loan Approved - Dear applicant, your loan of $25,000 has been approved. Send a copy of your ID and the $150 processing fee in Google Play cards to receive your funds today.",
]
