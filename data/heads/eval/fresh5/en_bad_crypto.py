LABEL = "spam"
TEXTS = [
    "🚀 Turn $250 into $8,000 in 7 days with our AI crypto trading bot! Guaranteed returns, no experience needed. DM me 'BOT' to start.",
    "Elon Musk is giving away 5,000 BTC! Send 0.1 BTC to the address below and receive 0.2 BTC back instantly. Limited time!",
    "I made $14k last month trading forex and crypto with Mrs. Angela. She's a certified expert, message her on Telegram @AngelaTradesFX",
    "New token $MOONCAT launching in 2 hours, 1000x guaranteed, get in before the whales! Presale link in bio",
    "Your wallet has been selected for the ETH airdrop. Connect your MetaMask at claim-eth-drop.io to receive 2.5 ETH.",
    "Crypto mentor with 8 years experience here, I'll manage your account and double your investment in 48hrs. Min deposit $500 USDT.",
    "Subject: Your Bitcoin withdrawal of 1.27 BTC is pending - Confirm the withdrawal by entering your seed phrase at btc-wallet-secure.net",
    "Thanks to Mr. Daniel Hayes I now earn 3 BTC weekly 🙏 he's on WhatsApp +44 7700 900123, best investment decision ever",
]
