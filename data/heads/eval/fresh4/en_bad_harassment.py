LABEL = "toxic"
TEXTS = [
    "Everyone in this group chat agreed we're not inviting Mia anymore. Don't bother texting us, freak.",
    "I'm going to keep commenting on every single post you make until you delete your account.",
    "Hey guys, let's all report Jake's channel until it gets taken down, he deserves it 😂",
    "I found your LinkedIn, your mom's Facebook and your old school. Enjoy being famous.",
    "Posting her old yearbook photo again since she hates it so much lol. Share it everywhere.",
    "You blocked me on Insta so I made 4 new accounts. You can't get rid of me.",
    "Dave, we all muted you on Teams and moved your desk next to the bins. Take the hint and quit.",
    "Keep crying to HR, it won't stop us from making your life miserable here.",
    "Sent your ex the screenshots. Let's see how you like being the joke for once.",
    "Why are you still in this Discord? Take the hint. Nobody wants you here.",
    "I'll be outside your class again tomorrow. Wear the red jacket, I like it.",
    "Every time you speak in a meeting I'm going to roll my eyes so everyone sees. Get used to it.",
    "we made a group chat just to laugh at ur posts, it has 30 people now 💀",
    "Stop pretending to be sick, loser, we'll all just keep spamming your DMs until you come back and face us.",
]
