LABEL = "toxic"
TEXTS = [
    "Immigrants like them are all thieves, keep them out of our neighborhood.",
    "Of course the Muslim guy is the one causing trouble, they always are.",
    "Boomers are useless parasites who should hurry up and die off already.",
    "Women are too emotional to be engineers, she only got the job to fill a quota.",
    "Fat people are disgusting and shouldn't be allowed on planes at all.",
    "Typical Mexican, lazy and never on time. Why did we even hire him?",
    "Old people shouldn't be allowed to vote, their brains are rotting.",
    "Christians are brainwashed sheep, every single one of them is a hypocrite.",
    "Jews control the banks, everyone knows it, stop pretending otherwise.",
    "Gen Z are a generation of spoiled snowflakes who can't do anything without crying.",
    "Men are trash, every one of them is a predator waiting for a chance.",
    "Short guys are pathetic, no woman will ever take you seriously lol",
    "Asians all look the same and can't drive, don't @ me it's just facts",
]
