LABEL = "spam"
TEXTS = [
    "Need cash fast? Get up to $5,000 today, no credit check, guaranteed approval! Just pay a $99 insurance fee. Text LOAN to 55512.",
    "You're pre-approved for a $25,000 personal loan at 1.9%! Bad credit OK. Send a copy of your ID and your online banking login to secure your funds.",
    "Erase your debts legally in 30 days! Our credit repair secret removes all negative marks. Call now, first 20 callers get 50% off.",
    "Hello, we are private lenders offering loans to individuals and businesses at 2% interest. Contact us at fastlender247@gmail.com with amount needed.",
    "Your student loan forgiveness application is ready. Pay the $299 enrollment fee today to have your balance reduced to $0.",
    "Instant payday loan approved: $1,500 waiting for you. Confirm your debit card number and CVV here to receive it in 10 minutes.",
    "Tired of being turned down by banks? We lend to anyone, even with bankruptcy. Upfront processing fee only, funds in 24 hrs.",
    "Credit score under 600? We can boost it to 800 in 2 weeks, guaranteed! DM for pricing 💳📈",
]
