LABEL = "spam"
TEXTS = [
    "🚀 $MOONPEPE launching in 2 hours on Uniswap! Dev doxxed, liquidity locked, 1000x guaranteed. Join t.me/moonpepe_calls NOW before it's too late",
    "I turned $500 into $14,000 in three weeks with Mr. Collins' crypto signals. DM him on WhatsApp +44 7700 900123 and tell him I sent you!",
    "Elon is giving away 5,000 BTC to celebrate! Send 0.1 BTC to the address below and receive 1 BTC back instantly. Limited time.",
    "Hi, I saw your comment about ETH. My cousin manages a trading bot with 8% daily returns, want me to connect you?",
    "Your wallet is eligible for the $ARB airdrop: 2,400 tokens unclaimed. Connect your wallet at arbdrop-claim.xyz to receive.",
    "URGENT: MetaMask is upgrading. Enter your 12-word recovery phrase at metamask-sync.io or lose access to your funds.",
    "Stop working 9-5! Our AI quantum trading platform earns 300% a month passively. Minimum deposit only $250. Register below 👇",
    "Pump group starting 8PM UTC. Coin will be announced in the channel, buy instantly and hold for the 50x. VIP access $99.",
]
