LABEL = "spam"
TEXTS = [
    "Dear Friend, I am Barrister James Okoro, attorney to the late Mr. Harold Brennan who died leaving $8.5 million USD with no heir. As you share his surname, I propose we claim the funds together 50/50. Reply with your full name and phone.",
    "Greetings, I am a widow from Syria with $4,200,000 deposited in a security company in Amsterdam. I need a trustworthy foreigner to receive it. You will get 30% for your help.",
    "Congratulations, your email was selected to receive a UN compensation payment of $950,000. To release the funds, pay the $250 clearance fee via Western Union.",
    "Subject: URGENT BUSINESS PROPOSAL - I am Mr. Chen Wei, a bank manager in Hong Kong. There is a dormant account of $16.7M with no next of kin. I need your cooperation to transfer it abroad. Strictly confidential.",
    "Hello dear, I'm Captain Sarah Mitchell serving in Afghanistan. I have a box of gold bars I need to ship to a safe person. Can I trust you? Just cover the diplomatic courier fee of $1,800.",
    "Your inheritance of £2.3 million from a distant relative is ready for release. Kindly send a processing fee of £400 in iTunes gift cards to proceed.",
]
