LABEL = "toxic"
TEXTS = [
    "Immigrants are nothing but parasites draining this country dry.",
    "Women are too emotional and stupid to be in charge of anything important.",
    "Muslims can't be trusted, they're all the same.",
    "Old people should just hurry up and die so the rest of us can afford houses.",
    "Gay people shouldn't be allowed anywhere near kids.",
    "Typical of these people from the Middle East, all liars and thieves.",
    "Disabled people are a burden on society and shouldn't get a cent of our taxes.",
    "Trans people are mentally ill freaks and should be treated like it.",
    "Jews control the banks and the media, everyone knows it.",
    "Mexicans are all criminals and drug dealers, build the wall higher.",
    "Those neighborhoods are filthy because Black people just don't care, that's how they are.",
    "Never hire an Indian developer, they're lazy and cheat on everything.",
]
