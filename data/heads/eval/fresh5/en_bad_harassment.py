LABEL = "toxic"
TEXTS = [
    "I'm going to keep messaging you until you answer me. You can't block me forever, I'll just make new accounts.",
    "Everyone in this group should spam Lena's DMs and tell her how ugly she is.",
    "I know where you work, Jess. Maybe I'll drop by and tell your boss what kind of person you really are.",
    "Why did you ignore my 30 texts? Answer me. Answer me NOW.",
    "Posting her number here so you guys can call her at 3am lol",
    "Nobody at this school likes you, Tyler. Just stop showing up.",
    "Found your Instagram, your sister's too. Cute family. Would be a shame if those pics ended up everywhere.",
    "Let's all mass report his channel until it gets taken down, the fat loser deserves it.",
    "Do everyone a favour and kill yourself, seriously, nobody would miss you.",
    "Saw you at the gym again. You should really stop wearing those leggings, everyone laughs at you behind your back.",
    "Reply to my email or I'll keep forwarding your embarrassing messages to the whole department.",
    "Make a new account all you want, I'll find it. I always do.",
    "Go cry about it on your little blog again, attention seeker, we'll all be there to laugh.",
    "Hey everyone, this is the guy who got fired from Target for stealing, share his face everywhere.",
]
