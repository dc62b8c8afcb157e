LABEL = "spam"
TEXTS = [
    "USPS: Your package is on hold due to an incomplete address. Update within 12h or it will be returned: usps-redelivery-help.com/track",
    "Netflix: your payment was declined. To avoid suspension, verify your billing details at netflix-account-renew.co",
    "Apple ID Alert: your account was used to sign in on a Windows PC in Russia. Lock it now at appleid-secure-check.net",
    "HMRC: You are eligible for a tax refund of £412.66. Claim before midnight via gov-uk-refunds.info/claim",
    "Wells Fargo: we detected unusual activity. Reply with your online banking username and PIN to keep your account active.",
    "Hi Mum, I dropped my phone in the bath, this is my new number. Can you send £280 for my rent today? I'll pay you back Friday x",
    "Your Microsoft 365 mailbox is full (99%). Click here to upgrade storage or you will stop receiving emails: ms-office-storage.live",
    "E-ZPass: you have an unpaid toll of $6.85. A late fee of $50 will apply. Pay now: ezpass-tollpay.org",
]
