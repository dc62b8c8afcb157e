LABEL = "spam"
TEXTS = [
    "Dear Friend, I am Barrister James Okoro, attorney to the late Mr. Paul Harrison who died without next of kin, leaving US$7.5M. I need your assistance to transfer the funds; you will receive 40%.",
    "Greetings, I am a UN relief officer with an unclaimed compensation payment of $1.2M in your name. Send the $350 processing fee via Western Union to release it.",
    "Your inheritance consignment box is at Heathrow customs. Pay the £890 clearance certificate fee and it will be delivered within 48 hours.",
    "Hello dear, I'm a widow with cancer and want to donate my late husband's $4.8 million to charity through you. Reply with your full name, address and phone.",
    "This is the Federal Reserve Payment Office. Your overdue contract payment of USD 2,500,000 has been approved. Kindly pay the $175 anti-terrorism certificate to proceed.",
    "I am a soldier stationed in Syria and we found $22 million in gold. I need a trustworthy foreigner to receive it. You will get 30%. Strictly confidential.",
    "Congratulations, your email was selected as beneficiary of the Mega Foundation grant of $850,000. Contact our agent with a $95 courier fee to receive your ATM card.",
    "My client, a Dubai oil magnate, wishes to invest $20M in your country through a partner. We only need your bank details and a small legal fee of $1,400 to start.",
]
