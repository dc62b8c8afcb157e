LABEL = "toxic"
TEXTS = [
    "uninstall the game you braindead bot, you're the reason we lost",
    "worst jungler in the history of league, go die in a fire",
    "ez. cry harder noobs, trash team",
    "report this feeding idiot, he's throwing on purpose",
    "I hope your mom unplugs your router, you useless waste of a slot",
    "kys noob you ruined the whole match",
    "whoever picked healer is the biggest moron alive",
    "go back to playing Minecraft with your little friends, you absolute clown",
    "shut up on mic you squeaky little kid nobody wants to hear you",
    "girls shouldn't play ranked, get off the game and go make a sandwich",
    "dogshit aim, dogshit brain, dogshit player",
    "our tank has the IQ of a potato, absolute garbage human",
    "I'll make sure your account gets banned, you cheating piece of trash",
    "lmao 0-14, do the world a favor and never queue again",
]
