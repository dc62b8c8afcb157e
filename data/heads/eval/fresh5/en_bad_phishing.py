LABEL = "spam"
TEXTS = [
    "USPS: Your package is on hold due to an incomplete address. Update your details within 24h: usps-redelivery-care.com/track",
    "Netflix: Your payment was declined. To avoid suspension, verify your billing information at netflix-billing-update.net",
    "Apple ID Alert: Your account has been locked for security reasons. Unlock now at appleid-support-verify.com or lose access to iCloud.",
    "Dear Customer, unusual sign-in activity detected on your Chase account. Confirm your identity here: chase-secure-login.info/verify",
    "HMRC: You are eligible for a tax refund of £326.14. Claim before midnight: hmrc-refund-gov.uk.claimnow.co",
    "Hi mum, this is my new number, I dropped my phone in the toilet 🙈 can you message me on WhatsApp, I need to pay a bill urgently",
    "Subject: Action required: Microsoft 365 password expires today - Keep your current password by clicking here and signing in: office365-keep-password.com",
    "Amazon account suspended due to a failed payment. Restore access: amzn-account-restore.co/login",
    "DHL: we attempted delivery of your parcel. A £1.99 redelivery fee is required. Pay here dhl-parcel-fee.com",
    "This is Steam support. Your account was reported for fraud. Log in at steamcommunity-verify.ru within 12 hours to appeal or it will be permanently banned.",
    "PayPal: We've limited your account. Please confirm your SSN and card details to lift the restriction: paypa1-resolution.com",
    "Your Instagram account has been flagged for copyright infringement. Submit an appeal within 24 hours or it will be deleted: ig-copyright-appeal.help",
    "Bank of America: A new device was added to your account. If this wasn't you, call 1-888-555-0142 immediately and read us the code we send.",
    "E-ZPass: You have an unpaid toll balance of $6.89. Pay now to avoid a $50 late fee: ezpass-tolls-pay.xyz",
]
