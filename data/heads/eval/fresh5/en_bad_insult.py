LABEL = "toxic"
TEXTS = [
    "You're genuinely the dumbest person I've ever had the misfortune of talking to.",
    "lol look at this clown thinking anyone cares about his opinion",
    "Nobody asked, you pathetic loser.",
    "Your face looks like someone tried to draw a potato from memory.",
    "Imagine being this stupid and still posting on the internet. Embarrassing.",
    "Shut up Kevin, you brain-dead moron, you've been wrong about everything in this thread.",
    "Most worthless reply in the whole thread, just like the person who wrote it.",
    "you type like a drunk toddler and think like one too",
    "What a disgusting, useless excuse for a human being.",
    "OP is a spineless idiot who can't take a bit of criticism.",
    "Your cooking channel is trash and so are you, stop uploading this garbage.",
    "honestly you're such a waste of oxygen",
    "Karen from accounting is a brainless cow and everyone in the office knows it.",
    "Go back to your mom's basement, you greasy little troll.",
    "Every time you open your mouth the average IQ of the room drops.",
    "Seller is a lying scumbag and a fraud, hope everyone sees what a piece of shit you are.",
]
