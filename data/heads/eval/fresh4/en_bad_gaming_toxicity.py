LABEL = "toxic"
TEXTS = [
    "uninstall the game you braindead bot, you fed 0/12 and still typing",
    "report our jungler, this useless donkey hasn't ganked once, hope your keyboard electrocutes you",
    "kys noob, you're the reason we lost",
    "Go back to playing Roblox kid, your aim is as trash as your life",
    "ez. cry more, your whole family is as garbage as you at this game",
    "I'm going to troll every game you're in until you quit. Have fun with your rank.",
    "healer is a f***ing waste of space, worst player I've ever seen, get cancer",
    "Girls shouldn't play ranked, get back to the kitchen and let real gamers play",
    "We lost because of you, worthless trash. Hope your mom disowns you",
    "mute mic you annoying little squeaker, nobody wants to hear ur ugly voice",
    "Open mid, our support is a drooling monkey with one hand, gg, what a pathetic clown",
    "you play like a blind grandma, delete your account 🤡🤡🤡",
    "AFK again? hope your internet and your parents both disconnect forever",
    "LMAO look at this scrub, I'm adding him to every smurf party to ruin his games, see you soon loser",
]
