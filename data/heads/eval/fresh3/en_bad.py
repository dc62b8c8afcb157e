# English toxic and spam messages by kind, one text a line.
TOXIC = {
"insult": """
You're the dumbest person I've ever had the misfortune of working with.
nobody asked for your opinion you braindead clown
Honestly you look like a thumb with a wig on.
shut up, you pathetic loser, you contribute nothing
What a worthless excuse for a manager. Useless from top to bottom.
Your mum must be so ashamed of raising a moron like you.
lmao imagine being this stupid and still posting
You're a fat lazy slob and everyone at the office laughs at you.
Go back to your basement, you greasy little troll.
You absolute waste of oxygen.
the author of this article is a clueless idiot who should never write again
you're ugly inside and out, no wonder your wife left
Every word out of your mouth is garbage, you brainless parrot.
Stop commenting, you illiterate hick.
What a disgusting, spineless little rat you are.
you're a joke. a sad, balding, middle-aged joke.
You're genuinely the most incompetent plumber in this city, you flooded my kitchen, you moron.
hey four-eyes, nobody wants to hear your nerd facts
Whoever designed this app should be ashamed, bunch of brain-dead monkeys.
lol ur so ugly even ur camera tries to look away
Learn to read, you absolute donkey.
Your cooking channel is a joke and so are you, you talentless hack.
""",
"harassment": """
I know where you work, Karen. I'll be waiting in the car park every day until you answer me.
Everyone, look at this loser's profile, let's flood his DMs until he deletes his account.
I'll keep making new accounts every time you block me. You can't get rid of me.
Posting her home address here so people can tell her what they think in person.
You should just disappear, no one in this class wants you here.
Why are you still alive tbh. nobody would notice.
kill yourself, seriously, do everyone a favour
I've screenshotted all your old posts and I'm sending them to your boss unless you apologise publicly.
Hey everyone, don't invite Sarah to anything, she's a freak. Pass it on.
Saw you at the gym again. Nice leggings. I'll be there tomorrow too 😉 you can't hide.
Reply to me or I'll tell your parents what you did. Last warning.
You're so worthless that even your own family is embarrassed. Just log off forever.
I'm going to call your work every day until they fire you.
Let's all report her channel until it gets taken down, she deserves it.
We made a group chat just to rate how ugly you are 😂
I'll keep posting your photo in every group until you crawl back to me.
Tell your little friends to stop defending you, they only pity you and you know it.
Just wait until Monday, the whole school will see what I've got on you.
Every time you post, I'll be right here reminding everyone what a fraud you are.
you should change schools before we make you
I've signed you up for 40 newsletters and I'll do 40 more tomorrow. Have fun.
Found your new account in 5 minutes. Did you really think you could hide from me?
""",
"threat": """
If you show your face at the club again I'll break your legs.
Keep talking and I'll put you in the hospital.
I'm going to find you and make you regret every word you wrote.
Pay me back by Friday or your car won't be the only thing that gets smashed.
Next time I see you, you're dead.
One more review like that and I'll burn your shop down.
I know which school your kids go to. Think about that.
I'll stab you if you touch my bike again.
you'll get a bullet for this, mark my words
Somebody should beat that judge senseless for his ruling.
I'm coming over with a bat and we'll settle this properly.
I swear I will strangle you if you cheat on me again.
Your family will pay for what you did to me.
Keep running your mouth and you'll find out what a brick through your window feels like.
I'll wait for you after practice, come alone if you're brave.
If the ref gives that call again someone is going to jump him in the car park.
Publish that story and I promise you won't be able to walk for a month.
you better sleep with one eye open
Say that to my face and I'll knock your teeth down your throat.
""",
"identity-attack": """
Women shouldn't be allowed to vote, they can't think logically.
Immigrants are all criminals and parasites, send every last one of them back.
Old people are useless leeches on society, they should just hurry up and die.
Typical Muslim, probably planning something.
Gay people are disgusting and shouldn't be allowed near children.
Those people from the south are inbred hillbillies, every single one.
Disabled people are a drain on resources and shouldn't be allowed to have kids.
All Jews care about is money, everyone knows it.
Fat people are subhuman, stop feeding them.
Trans people are mentally ill freaks, end of discussion.
Refugees are vermin infesting our towns.
Black neighbourhoods are jungles, no wonder nothing works there.
Christians are brainwashed idiots, the lot of them.
Asians all look the same and can't drive.
Men are all predators, every single one should be treated like a criminal.
People from that country are born liars, you can't trust any of them.
Poor people are poor because they're stupid and lazy, they breed like rabbits.
Indians stink up the whole office with their food, disgusting people.
Autistic kids are broken and should be kept out of normal schools.
Gypsies are thieves, lock your doors when they're around.
Single mothers are parasites who ruin their kids and bleed the taxpayer dry.
""",
"gaming-toxicity": """
uninstall the game you worthless noob, you fed the whole match
report our jungler, this braindead monkey has 0 kills
Go kill yourself you trash support
ur mom should have aborted u, 0/12 again
ez. cry more you dogwater bots, your whole team is garbage
i will find your ip and make your life hell
fucking useless healer, quit the game and never come back
typical girl gamer, go back to the kitchen and stop throwing
our tank is literally brain-dead lmao worst player in the server
afk or die you stupid kid, you're ruining it for everyone
you play like a brain damaged chimp
not surprised you're hardstuck silver, you're a mouth breathing idiot
bro you're so bad I hope your pc catches fire
0/9 and still pinging me? shut up and uninstall, you subhuman
whoever picked this hero should be banned from the internet, absolute trash
keep feeding and i'll find where you live kid
get cancer you throwing idiot
our support is a walking disability, someone put this kid out of his misery
""",
"sexual-harassment": """
Send me pics or I'll tell everyone you already did.
nice body, bet you'd look better without those clothes 😏
Why won't you answer me? I've seen how you dress, you obviously want attention from men.
Hey sexy, you're coming home with me tonight whether you like it or not.
I keep thinking about what I'd do to you in the stockroom after hours.
your boss told me you'd do anything for a promotion, wink wink
Stop pretending to be shy, I know you want me. Meet me in the car.
Rate my d*ck pic, I sent you 5 already, why so rude
Bet your girlfriend's nudes are on my phone by next week.
Come sit on my lap and I might approve your leave request.
You'd get more tips if you showed a bit more skin, sweetheart. Just saying.
Nice legs in that profile pic, send me more or I'll find them myself.
Wear the tight dress to the meeting tomorrow, the client likes that. Boss's orders.
Let's just say you owe me a favour for that recommendation, and I'll come collect it at your place.
I followed you home yesterday, you looked good in that skirt.
Your new profile pic is hot, now show me what's under the hoodie or I'll tell the team about us.
""",
}

SPAM = {
"phishing": """
Your bank account has been temporarily suspended. Confirm your identity within 24h at secure-verify-login.co to avoid closure.
ROYAL MAIL: your parcel could not be delivered due to an unpaid fee of £1.99. Pay now: rm-redelivery-fee.com
HMRC: You are eligible for a tax refund of £412.80. Claim it here before it expires: hmrc-refund-claims.net
We detected unusual sign-in activity on your Apple ID. Verify your details immediately or your account will be locked: appleid-secure-check.info
Netflix: your payment was declined. Update your card within 48 hours to keep watching: netflx-billing-update.com
DHL: Your package is on hold. Confirm your address and pay customs fee 2.49 EUR: dhl-track-verify.xyz
Dear customer, your PayPaI account has limited access. Log in via the link below to restore full access.
USPS: Package arrived at warehouse but cannot be delivered due to incomplete address. Update: usps-addr-fix.top
Your Microsoft 365 mailbox is almost full. Click here to upgrade storage for free, otherwise new mail will be rejected.
Chase alert: a payment of $1,940.00 was attempted. If this wasn't you, verify your account here: chase-secure-alerts.com
IRS final notice: you owe back taxes. Pay today with gift cards to avoid arrest.
Your Instagram account will be deleted for copyright violation. Appeal within 12 hours: ig-appeal-center.help
Amazon: we could not process your last order. Re-enter your payment details at amzn-orders-support.net
Your toll account has an outstanding balance of $6.35. Pay now to avoid a $50 late fee: ezpass-tollpay.site
Hi Mum, I dropped my phone in the toilet, this is my new number. Can you send £300 for a new one? I'll pay you back
WhatsApp verification: your account will expire today, reactivate by sending the 6-digit code you just received to this number.
Electricity bill overdue! Your supply will be disconnected tonight at 9pm unless you pay via this link.
Your Coinbase wallet has been compromised. Secure your funds now by entering your recovery phrase: coinbase-protect.io
Your iCloud storage payment failed. To avoid deletion of your photos, update billing: icloud-billing-help.live
Evri: we missed you! Reschedule your delivery for a 0.99 fee at evri-reschedule.info
Your Spotify Premium has been suspended. Restore your account: spotify-restore-acc.com
Notice from your Mail Admin: your password expires today. Keep the same password here: webmail-keep.net
""",
"advance-fee": """
Dear Friend, I am Barrister James Okoro, attorney to the late Mr. Philip, who died leaving $18.5M with no next of kin. I need your assistance to transfer the funds. You will receive 40%.
Greetings, I am a dying widow with 4.2 million euros and I want to donate it to a God-fearing person. Reply with your full name and bank details.
Your email was selected by the UN Compensation Board to receive $950,000. Send a processing fee of $250 to release the funds.
I am a US soldier serving in Syria and I found a box of gold bars. I need a trustworthy partner to receive the shipment.
Attention beneficiary: your ATM card of $2.5M is ready for delivery. Pay the courier clearance fee of $180.
Dear sir, I work in the audit department of a bank and discovered a dormant account. Together we can claim it. Confidential.
Good day, I am Mrs. Grace from the central bank's foreign remittance unit. Your inheritance of $7.3M is pending. Reply urgently.
Congratulations, you have been chosen as a beneficiary of the Gates Foundation grant. Contact our agent with a release fee of $300.
""",
"fake-prize": """
iPhone 16 Pro GIVEAWAY: your number is on the winners list!!! Only 3 units left unclaimed, pay delivery at win-prize-today.club
Your number was drawn in the International Mobile Lottery. You won £850,000! Reply with your name and address.
You are our 1,000,000th visitor! Spin the wheel to claim your reward 🎁
Dear winner, you have been selected for a $500 Walmart gift card. Complete a short survey to collect.
Final reminder: your unclaimed prize of 2,000 EUR expires tonight. Pay 9.99 shipping to receive it.
You've been selected for a complimentary weekend at a beach resort! Just cover the $49 booking fee to reserve your dates.
🎉 Lucky draw result: you won a Dyson vacuum. Enter your card for the 1.95 delivery fee.
Your Shopee account won a lucky spin. Claim 5,000 credits at bit.ly/claimspin-now
Your Costco membership won a reward! Claim your $100 voucher in 2 steps: cstco-rewards.shop
Congrats! Your phone number won the Samsung Anniversary Promo. Reply with your bank info to receive the 25,000 prize.
""",
"crypto": """
🚀🚀 $MOONPUP is about to 100x, presale ends in 2 hours, don't miss the next Shiba! Join t.me/moonpupofficial
I turned $500 into $38,000 in three weeks with this AI trading bot. DM me "BOT" to learn how.
Elon just confirmed it: send 0.1 BTC to this address and receive 0.2 BTC back. Limited time.
Our crypto signals group has 94% accuracy. Guaranteed 20% daily returns. VIP spots limited.
New DeFi staking pool: 3% interest PER DAY, withdraw anytime. Deposit now.
Invest with our certified forex mentor and double your money in 7 days. Testimonials in bio.
Free airdrop! Connect your wallet to claim 5,000 $GEMX tokens before snapshot.
Hi, I'm Jessica, my uncle works at a big exchange and gives me insider tips. Want me to show you how I made 60k last month?
Buy $PEPEGOLD now before Binance listing tomorrow!!! 1000x gem 💎🙌
Passive income: put 250 USDT in our mining pool and earn 50 USDT a day.
🔥 Bitcoin doubler LIVE now. Send any amount to the address on screen and get 2x back instantly.
Join my private group, I'll show you how I made $12k in a week with zero experience. Crypto trading is the future 📈
""",
"loan-scam": """
Need cash fast? Get up to $5,000 today with NO credit check. 100% approval. Apply at quickcash-now.biz
Bad credit? No problem! Guaranteed personal loans, just pay a small insurance fee upfront.
Pre-approved: you qualify for a £10,000 loan at 0.5% interest. Reply YES to receive funds in 1 hour.
Drowning in debt? We can wipe out 80% of it legally. Call now for a free consultation!
Instant payday loan, money in 10 minutes, no documents needed. Text LOAN to 80822.
Your loan of 25,000 has been approved. To release the money pay the 3% activation fee via gift card.
Get a credit card with a $10,000 limit regardless of your credit history, guaranteed!
Student loans forgiven under new federal program! Call before the deadline to enrol, fee required.
Congratulations! You've been pre-approved for a $3,500 cash advance. Just confirm your SSN at fastcash-approve.com
Homeowners: cut your mortgage payment in half this month. Government-backed. Limited slots, reply STOP to unsubscribe.
""",
"fake-pharmacy": """
Cheap V1agra and C1alis, no prescription needed, discreet worldwide shipping.
Lose 15 kg in 2 weeks with this miracle pill doctors don't want you to know about!
Buy Ozempic online without a prescription, 70% off, fast delivery.
Canadian pharmacy: all meds 80% off, no doctor visit required. Order now.
Tramadol, Xanax, Valium overnight delivery. Best prices guaranteed.
Reverse diabetes in 30 days with this one weird herb, cancel your insulin!
Grow 3 inches taller at any age, clinically proven capsules. Order today.
Hair loss cured in 14 days or your money back! Order the miracle serum now, 3 bottles for the price of 1.
Buy antibiotics online without a prescription, any kind, shipped overnight.
""",
"seo-spam": """
Hi webmaster, I noticed your site isn't ranking on page 1. We guarantee top Google rankings in 30 days for $99.
Great article! Check out my site for cheap essay writing services: best-essays-4u.com best-essays-4u.com
We sell high-DA backlinks, 500 dofollow links for only $49. Boost your SEO today!
Dear site owner, I'd like to publish a guest post on your blog with two links to my client's casino site. I can pay $30.
Nice post, very informative. Visit my website for replica watches at unbeatable prices.
Your website has 47 SEO errors. Reply to this email for a free audit and fix package.
Buy 10,000 website visitors for $15, real traffic from USA, guaranteed.
Hello, we are offering Wikipedia page creation and Forbes feature placements for your brand. Guaranteed.
Awesome blog!!! I made a site about cheap car insurance quotes, check it out and link back pls
""",
"adult-come-on": """
Hey handsome 😘 I'm new in town and lonely, check my private profile at meetlocalgirls.fun
Hot singles in your area are waiting to chat with you right now! Sign up free.
hi, I saw your profile and I think you're cute. let's talk on my other app, link in bio 💋
Bored tonight? 3 women within 2 miles want to meet you. Verify your age to see their photos.
My webcam show starts in 10 min, tokens half price for new members 😉
I'm Anya, 24, looking for a generous gentleman. Message me on Telegram.
Hey u, saw you liked my photo 😍 I've got more on my private page, only for you
Lonely housewives near you want discreet fun. Join free now.
""",
"job-scam": """
Work from home and earn $500/day! No experience needed. Just 2 hours a day on your phone. WhatsApp +1 555 0147
We are hiring online assistants: like YouTube videos and earn $5 per like. Daily payment.
Hi, I'm a recruiter from an Amazon partner. Part-time job, earn 300-800 per day. Reply 1 to learn more.
Become a mystery shopper! We send you a cheque, you deposit it and wire back the difference.
Urgent hiring: package reshipping manager, work from home, $3,200/month. Start tomorrow.
Your CV was selected for a remote data entry job paying $45/hour. Pay a $99 training kit fee to start.
Earn money while you sleep! Join our team and become a millionaire in 6 months. Ask me how 💰
Make 10k a month from your laptop with my proven system. Only 5 spots left in the free webinar.
Congratulations, you have been shortlisted! Task-based job, rate hotels online, earn 200-900 USD daily. Contact HR on WhatsApp.
We need payment processors: receive money to your account, keep 10%, forward the rest. Easy money.
""",
"followers-giveaway": """
Get 10K real Instagram followers for just $9.99! Instant delivery, no password required.
🎁 GIVEAWAY 🎁 We're giving away 50 PS5s! Follow, like and share, then DM us your card details to pay shipping.
Buy TikTok likes and views cheap! 1000 likes = $2. Go viral today.
Want to be verified? We can get you the blue tick for $150, guaranteed.
Follow for follow? I follow back 100%!! Check my page for free followers trick
Our follower lottery picked your handle (#7 of 10)! DM the admin your bank card number to receive the $1,000.
Grow your YouTube channel fast, 1,000 subscribers + 4,000 watch hours package, monetize in a week.
🔥 FREE ROBUX GENERATOR 🔥 no survey, just enter your username and password
Hey! Your account was randomly selected for our 5k follower boost. Claim at insta-boost-free.com
""",
"casino-betting": """
🎰 Get 300 free spins and a 500% welcome bonus at LuckyStar Casino! No deposit needed. Play now!
Guaranteed fixed match tonight, 100% sure win, odds 25.0. Pay for the tip via Telegram.
Bet 10 get 100 in free bets! New customers only, sign up at bet-king-win.net
Online roulette strategy that never loses, I made 2k yesterday. Link in my bio.
Your casino account has been credited with 200 bonus chips. Log in to claim before midnight.
VIP slots club: deposit today and receive a 1000% match. Withdraw instantly.
New crypto casino, 1 BTC welcome package, no KYC, play in 30 seconds. Code: LUCKY777
Sure bets daily, our tipsters won 17 in a row, VIP subscription 49/month
""",
"unsolicited-ad": """
BUY CHEAP RAY-BAN SUNGLASSES 90% OFF, ONLY TODAY!!! www.rayban-outlet-sale.shop
Best prices on solar panels in your area, call now for a free quote, we're in your neighbourhood this week!
Hi, we're a web design agency. We noticed your business and would love to build you a new website for only $199.
Cheap Moncler jackets clearance, free shipping worldwide, limited stock.
Tired of your old windows? Double glazing 60% off for homeowners, reply STOP to opt out.
Wholesale phone cases, LED lights and chargers direct from factory. MOQ 100 pcs. WhatsApp us.
Extended car warranty! Your vehicle's factory warranty may be expiring. Call now.
Hi friend, want cheap iPhones? All models 70% off, original, message me.
Duct cleaning special $49 whole house!!! Call today, limited slots.
Dear business owner, we provide verified email lists of 2 million CEOs. Only $299.
We buy houses for cash! Any condition, close in 7 days. Call us today.
""",
}
