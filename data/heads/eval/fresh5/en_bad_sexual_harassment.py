LABEL = "toxic"
TEXTS = [
    "Send me a pic of what you're wearing right now 😏",
    "Nice profile pic, bet you look even better without the clothes.",
    "Why won't you reply? I just want to see you in that bikini again.",
    "You'd get that promotion faster if you were nicer to me after hours, if you know what I mean.",
    "Hey sweetheart, come sit on my lap and we'll talk about your grade.",
    "Still waiting on those private photos you 'forgot' to send me.",
    "With legs like that you shouldn't be surprised guys stare at you on the train.",
    "u up? come over, I won't take no for an answer this time",
    "Your voice on stream is so hot, tell me where you live so I can hear it in person",
    "Stop acting shy, I know you wore that skirt for me.",
    "Unlock your DMs babe, I've got something to show you that you'll like 🍆",
]
