LABEL = "toxic"
TEXTS = [
    "Post that review one more time and I'll come to your shop and smash every window.",
    "I know where you park. You might want to check your brakes before you drive home.",
    "Keep talking and you'll be eating through a straw for a month.",
    "Say that to my face at the game Saturday and see if you walk out of the stadium.",
    "You'd better hope we never meet in person, because I will break your jaw.",
    "Your house is the blue one on Cedar, right? Be a shame if it caught fire.",
    "im gonna find u and make u regret every word, watch",
    "One more complaint to my landlord and your dog won't be barking much longer.",
    "Mark my words, you'll get what's coming to you after work tonight.",
    "If my kid gets cut from the team again, coach, I'll be waiting for you in the parking lot with a bat.",
    "Delete this post or I send your nudes to your boss. Your choice.",
    "Better start sleeping with one eye open, snitch 🔪",
    "Next time you cut me off I'm following you home and you'll be sorry.",
    "I will end you. Not figuratively.",
]
