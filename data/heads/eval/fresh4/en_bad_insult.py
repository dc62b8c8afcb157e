LABEL = "toxic"
TEXTS = [
    "Your code review comments are as useless as you are, Kevin.",
    "lmao imagine being this dumb and still posting every day",
    "Nobody asked for your opinion, you brain-dead clown.",
    "Wow, another genius take from the village idiot 🙄",
    "You're a pathetic excuse for a manager and the whole team knows it.",
    "Did your mom drop you on your head or were you born this stupid?",
    "ur so ugly even ur camera filter gave up",
    "Congrats on having the IQ of a wet sock.",
    "Shut up, you whiny little loser. Nobody cares about your 'feelings'.",
    "This seller is a lying scumbag and so is anyone who defends him.",
    "Oh look, the fat useless moderator is awake. Go back to your basement.",
    "YOU ARE A WASTE OF OXYGEN",
    "Honestly you're the dumbest person I've ever had to work with, and I've worked with interns.",
    "Bless your heart, sweetie, thinking must be so hard for someone as slow as you 🤡",
]
