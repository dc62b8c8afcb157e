LABEL = "toxic"
TEXTS = [
    "Nice profile pic, send me some without the sweater 😏",
    "You'd get more tips if you wore a shorter skirt, just saying, sweetheart.",
    "Hey, I saw you at the gym. Those leggings are doing things to me. Send pics.",
    "Stop ignoring my DMs, I know you want me. Come over tonight.",
    "Maybe if you sat on my lap during the meeting I'd approve your budget 😉",
    "Bet you'd look even better with nothing on. Prove me wrong.",
    "Why do you keep rejecting me? I've told you three times I want to see what's under that uniform.",
    "Your voice on stream is so sexy, tell me what you're wearing rn",
    "Come to my hotel room after the conference if you want that promotion.",
    "u up? i keep thinking about ur body. send something 🍑",
    "I noticed you bend over a lot at the printer. Do it again tomorrow, for me.",
    "Hey beautiful, I've been watching you from across the office all day. Let's have a 'private' review later.",
    "If you didn't want guys to comment on your chest you wouldn't post that photo. Show more.",
    "That new intern is hot, I'm going to keep asking her out till she says yes, she has no choice.",
]
