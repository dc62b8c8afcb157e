LABEL = "toxic"
TEXTS = [
    "Say that again and I'll break your jaw.",
    "I'm going to find out where you live and make you regret this.",
    "Keep talking and you'll wake up in a hospital.",
    "If I see you at the game Saturday you're getting stabbed, I'm not joking.",
    "Touch my car again and I will burn your house down with you in it.",
    "You've got until Friday to pay me back or your kids find out what happens to people who cross me.",
    "Watch your back walking home tonight.",
    "One more review like that and I'll come to your office and beat the hell out of you.",
    "Come near my sister again and I'll put a bullet in your head.",
    "You're dead meat when I get out of here, Marcus.",
    "We know what car you drive. Accidents happen.",
    "Next time you post that I'm showing up at your door with a bat.",
    "Keep reporting my posts and I will hunt you down.",
    "i swear i'm gonna strangle you in your sleep",
]
