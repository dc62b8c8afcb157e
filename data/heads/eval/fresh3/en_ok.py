# Legitimate English messages by domain. Each line: sentiment mark, a space, the text.
# "+" positive, "=" neutral, "-" negative.
OK = {
"reviews": """
+ Bought the 2-slice toaster after my old one died. Browns evenly on both sides, crumb tray slides out easy. Happy.
- The "waterproof" jacket let rain through at the shoulder seams within 20 min. Returning it.
= Fits true to size. Color is a bit darker than the photos.
+ honestly the best $15 I've spent this year, this garlic press is a tank
- Smells like chemicals even after airing it out for a week. Not putting it in my kid's room.
= Does what it says. Nothing special, nothing wrong.
+ Hotel staff remembered my name on day two, room was spotless, breakfast had real espresso. 5/5
- 1 star. Battery swelled after 3 months and the seller stopped answering.
= The book is fine but the middle third drags. Ending is decent.
+ My dog REFUSES to leave this bed. Worth every penny
- Screws were missing from the box, instructions were for a different model. Took me two hours.
= Arrived in a plain box. Works with my Android, haven't tried iPhone.
+ Kids have played with this board game every night for two weeks, no tantrums, that's a miracle
- Looks nice online, feels cheap in hand. The hinge already squeaks.
= Medium firmness, slightly softer than I expected. Give it a month before judging.
+ Restaurant review: the lamb was perfect and the waiter recommended a wine I'd never have picked. Going back.
- tastes like cardboard. the "keto" bread is a lie
= Three stars. Good sound, app is clunky.
+ solid little drill, charged fast and got through 40 screws into oak without dying
- The paint chipped off the mug in the dishwasher on the FIRST wash. Says dishwasher safe on the box.
= Standard USB-C cable. 1 meter. It charges.
+ 10/10 would buy again. The kettle boils in like 90 seconds and it's QUIET
- Arrived with a cracked lid and the seller wants me to pay return postage. No thanks.
""",
"complaints": """
- I've been charged twice for the same order (#88213) and nobody is replying to my emails. Please fix this.
- Third time this month the 7:42 train has been cancelled without notice. I'm going to lose my job over this.
- Your app logged me out mid-checkout and now the item is sold out. Really frustrating.
- The internet has been down since Tuesday and the technician didn't show up for the appointment window.
- Waited 50 minutes on hold just to be transferred to a line that hung up on me.
- I asked for no onions. There are onions everywhere. Third time.
- My deposit still hasn't been returned 6 weeks after moving out, and the landlord won't answer.
- The gym keeps charging my card even though I cancelled in person in March. I have the form.
= Hi, I'd like to formally complain about the noise from the construction site starting at 5:30am.
- Delivery driver left my parcel in the rain on the doorstep, box was soaked and the book is ruined.
- Seriously disappointed. Booked a sea-view room, got a view of the car park and the bins.
- Why does cancelling a subscription take 9 screens and a phone call when signing up took one click?
- the bus driver just drove past the stop while I waved. 30 min till the next one. brilliant.
- I was promised a callback within 24 hours. That was five days ago.
= Please note that the lift in block C has been out of order for two weeks; elderly residents can't get out.
- Your "fresh" salmon was grey and smelled off. I want a refund, not store credit.
- Paid for express shipping, it came in 9 days. Refund the shipping fee at least.
- the customer service rep was rude and kept interrupting me. not ok.
- Billing error AGAIN. You charged me for 3 lines, I have 2.
- The parking app charged me £40 for a 20-minute stay. Disputing this.
- Hello? Is anyone actually reading these? My refund was approved on the 2nd and still nothing.
- the council still hasn't fixed the pothole on Mill Lane, my tyre is wrecked
""",
"support": """
= Hi, how do I change the email address on my account? The settings page only lets me change the password.
= Can I return an item bought online at a physical store?
= My order says delivered but I can't find it. What are the next steps?
= Hello, I'm trying to export my data as CSV but the button is greyed out. Am I missing a permission?
+ Thanks Mia, that fixed it! You've been super helpful.
= Is there a way to pause my subscription for two months instead of cancelling?
= The two-factor code isn't arriving by SMS. Can I switch to an authenticator app?
= Do you ship to Norway? Checkout doesn't list it.
- still waiting on ticket 45120, nobody has replied in 4 days
= Could you send me an invoice with my company's VAT number on it?
= How long does a refund usually take to show on a credit card?
+ Just wanted to say the agent on chat today (Raj) was excellent, solved a 2-month problem in ten minutes.
= I forgot which email I used to sign up. Can you look me up by phone number?
= Printer shows error E-04 after replacing the cartridge. Already tried restarting.
= Is the warranty still valid if I bought it second hand?
= Where do I find my licence key after purchase?
- Your chatbot keeps sending me in circles. I need a human, please.
= my kid made an in-app purchase by accident, is there a way to get it reversed?
= Does the premium plan include offline downloads?
= hi, the confirmation link in your sign-up email says expired, I clicked it within a minute
= Can I add a second driver to my rental booking online?
""",
"banking-notices": """
= Your statement for the account ending 4471 is now available in online banking.
= A direct debit of £62.40 to Severn Water was paid from your current account today.
= Reminder: your credit card payment of $128.55 is due on 14 May. No action needed if you pay by autopay.
= We've received your mortgage overpayment of €500. Your new balance will show within 2 working days.
= Your salary of 2,340.00 has been credited to your account.
= Your new debit card has been dispatched and should arrive within 5 working days. Your old card works until you activate the new one.
- Your account went overdrawn by $23.10 yesterday. A fee may apply. Log in to the app to review.
= Card payment declined at FRESHMART: insufficient funds. If this wasn't you, call the number on the back of your card.
= Your ISA allowance for this tax year: £14,200 remaining.
= Interest rate on your savings account changes to 3.1% from 1 July. Details are in your secure inbox.
= We never ask for your PIN or full password by phone, text or email.
+ Congratulations, your loan application has been approved. The funds will reach your account tomorrow.
= Your annual account fee summary is ready. You paid $0 in fees this year.
= Standing order to J. Patel (rent) of 850.00 will be paid on the 1st.
= Your cheque deposit of $310.00 is being processed and will be available on Thursday.
= Payee added: Coastal Energy. If you didn't do this, call us on the number on our website.
= A foreign transaction of 45.00 EUR was made with your card at a Lisbon cafe.
= Monthly summary: spent 1,204, received 2,890. See the breakdown in the app.
= Your pension contribution for March has been received by the scheme.
- Your credit limit request was not approved at this time. You may reapply in 6 months.
= Your card ending 0932 was used for a contactless payment of 3.20 at CITY BUSES.
= Fraud team: did you attempt a purchase of 899.00 at TechZone? Reply Y or N. We will never ask for your PIN.
""",
"shipping-orders": """
= Your order #A-55102 has shipped. Tracking: 1Z 999 AA1 0123 4567 84. Estimated delivery Thursday.
= Out for delivery today between 10:00 and 14:00.
= We tried to deliver your parcel but nobody was home. It's at the Post Office on Hill Street, bring ID.
+ Your groceries are on the way! Driver Tom is 5 minutes away.
= Order confirmed: 2 items, total $47.80. We'll email you when it ships.
- Sorry, one item in your order (blue ceramic bowl) is out of stock and has been refunded.
= Your return has been received at our warehouse. Refund of 29.99 will be processed within 3-5 days.
= Parcel held at customs. An import duty of 12.40 is payable on delivery.
= Delivered: left with neighbour at no. 14.
- Your delivery is delayed due to severe weather. New estimated date: 18 Dec.
= Collect your parcel from locker 3B at the station, code valid for 72 hours.
= Order #7731 is ready for pickup at the Elm Road store.
+ yay my new bike finally shipped!!! arriving monday
= the tracking hasn't updated in 4 days, is that normal for international?
= Your subscription box will ship on the 3rd. Edit your picks before the 1st.
= Pizza order accepted. Estimated delivery 35-45 min.
- Package marked as damaged in transit; a replacement is being sent at no cost.
= Your furniture delivery is booked for Sat 9 Nov, 7am-1pm. Two-person crew.
= Preorder update: the release date for your game has moved to 21 March.
= Dispatch note: 3 of 4 items sent, the last one will follow separately.
= Your click & collect order is ready. Bring your order number 440-1187 to the service desk.
- Courier marked "refused by recipient". I refused nothing, I was home all day!
""",
"one-time-codes": """
= Your verification code is 482913. It expires in 10 minutes. Don't share it with anyone.
= 771204 is your login code. If you didn't request this, you can ignore this message.
= Use code 5531 to confirm your phone number.
= Your ride code is 4417. Tell it to your driver at pickup.
= Security code: 093-118. Our staff will never ask you for this code.
= Your one-time passcode for the transfer of 250.00 to A. Moreno is 662019.
= Confirmation code 8824 for your table booking at Olive & Vine.
= Code: 319447. Enter it in the app to finish setting up your account.
= 605512 is your code to sign in on a new browser. Valid for 15 minutes.
= Your delivery PIN is 2290. Give it to the courier only when you receive the parcel.
= Sign-in attempt from a new device. Your approval code is 447 830.
= Here's your code for the library self-checkout: 7012
= Enter 938114 to verify this email address.
= Your pharmacy collection code is RX-4471.
= Your gym entry code for today is 90871#
= Your Steam Guard code is 4KX9P.
= 8302 is your verification code for Parkrun. Happy running!
""",
"greetings": """
+ Happy birthday Dana!! Hope this year brings you everything you've been hoping for 🎂
+ Congrats on the new job!!! So proud of you
+ Merry Christmas to you and the whole family, see you in January!
+ Welcome to the team, Priya! Shout if you need anything.
+ happy anniversary you two 🥂 20 years, wow
+ Good morning everyone, have a lovely Friday!
+ Congratulations on passing your driving test on the first try, that's huge!
+ Happy Diwali to all who celebrate! 🪔
+ Thank you all for the wonderful birthday wishes, I felt really loved today.
+ Wishing you a speedy recovery, the office isn't the same without you.
+ Congrats on the baby girl!!! Can't wait to meet her
+ Eid Mubarak to you and yours
+ Happy new year!!! Let's make 2025 a good one
= Hi all, just landed, will call tomorrow.
+ Congratulations on your graduation, doctor! Four years of hard work paid off.
+ Happy retirement, Mike. Enjoy the fishing.
+ Good luck tomorrow on the marathon! You've trained so hard.
+ Thanks for having us over last night, dinner was amazing.
+ HAPPY BIRTHDAY MUM ❤️❤️❤️
+ you won the raffle?? lucky you, congrats 😄
+ happy 30th!!! welcome to the old people club 🥳
+ Well done on finishing your thesis, Dr. Nguyen has a nice ring to it
""",
"condolences": """
- I'm so sorry for your loss. Your dad was a kind man and he'll be missed.
- Thinking of you and your family during this difficult time.
- Heard about Max (the dog). I'm really sorry, he was the best boy.
- Our deepest condolences from everyone at the office. Take all the time you need.
- So sad to hear about your grandmother. Sending love.
- If there's anything I can do, meals, picking up the kids, just say the word. Sorry about your mum.
- The funeral will be held on Saturday at 11am at St Mary's. Flowers can be sent to the family home.
- I don't know what to say. I'm here if you want to talk, or if you don't.
- RIP to a legend of the game. Thank you for the memories.
- Our hearts go out to the victims of the flooding and their families.
- Sorry to hear about the miscarriage. No need to reply, just wanted you to know I'm thinking of you.
- She was my first teacher and the reason I love reading. Rest in peace, Mrs Hale.
- Lost my cat this morning after 17 years. House feels so empty.
- My condolences, mate. Your brother was a top bloke.
- We are saddened to announce the passing of our founder, who died peacefully at home on Monday.
- We lost Grandpa last night. Thank you all for the messages, it means a lot.
- So sorry about the news from the vet. Give Biscuit an extra cuddle from us while you can.
""",
"venting": """
- damn, I burned the toast again. third morning in a row
- ugh I'm such an idiot, left my keys inside the car with the engine running
- Monday can go to hell honestly
- my code compiled on the first try and I don't trust it. what did I break
- bloody printer jammed AGAIN five minutes before the meeting
- I hate how tired I am all the time lately
- spilled coffee all over my white shirt before the interview. of course.
- This week has been one thing after another. I just want to sleep for two days.
- why do I always pick the slowest queue at the supermarket
- ffs the wifi dropped in the middle of my presentation
- lost my wallet, cancelled all my cards, then found it in the freezer. don't ask.
- Stupid me, booked the flight for the wrong month. €90 change fee.
= Not a great day but tomorrow is a new one I guess.
- my neighbour's dog has been barking since 6am and I'm losing my mind
- I swear this laptop fan sounds like a jet engine
- honestly so done with group projects
- Sat in traffic for 2 hours. 2. Hours.
- I keep forgetting to drink water and then wondering why I have a headache. brain of a goldfish.
- stepped on a lego at 3am. I am in pain and I have no one to blame but myself
- damn it, I deleted the whole folder instead of the one file
+ rough week but just had the best bath of my life, feeling human again
- WHY did I say yes to a 7am meeting. I'm an idiot.
- missed the bus by literally 4 seconds, driver saw me running
""",
"sports-gaming": """
+ GET IN!!! 90th minute winner, what a goal
- We were robbed. That was never a penalty.
+ gg guys, that last round was insane
= You're going down next week, bring your A game lol
+ your aim is trash today but I still love you, carry me next round
= Who's starting in goal on Saturday?
- Our defence is a joke this season, conceded 3 again
+ New personal best on the 10k! 47:12
= lol you got absolutely destroyed in that match, rematch tomorrow?
+ what a comeback from the Lakers, down 20 at half!
= Anyone want to join a Friday night Valorant squad? Need a fifth.
- that ref needs glasses. terrible game.
= Kill the boss before the adds spawn or you'll get wiped.
+ finally got the platinum trophy, 140 hours well spent
= our fantasy league draft is Thursday 8pm, don't forget
- lost 6-0. SIX. I'm not watching the highlights.
+ Great ride with the club this morning, 80km and sunshine all the way
= my team is gonna crush yours on Sunday, just saying 😏
+ headshot from across the map, did you see that?!
= Tennis tomorrow 7am? Court 4 is booked.
= ref, you're blind, but we'll still buy you a pint after the five-a-side 😂
+ That was the best derby I've seen in years, both teams left everything on the pitch
""",
"news-headlines": """
= Central bank holds interest rates at 4.25% for third month running
= City council approves new cycle lane on Harbour Road after public consultation
- Storm leaves 40,000 homes without power across the region
= Tech company announces layoffs of 1,200 staff amid restructuring
+ Local hospital opens new children's cancer ward funded by community donations
- Three injured in motorway pile-up near Junction 12
= Election turnout reaches 67%, highest in two decades
= Scientists map the genome of a 9,000-year-old wheat variety
- Wildfire forces evacuation of mountain villages
+ Rescued whale calf returns to the open sea
= Government unveils plan to raise minimum wage by 5% next year
= Airline to resume direct flights to Nairobi in spring
- Factory fire: investigators say cause still unknown
= Inflation eases to 2.9% in October
+ Underdogs win national cup final in penalty shootout
= Museum reopens after two-year renovation
- Drought declared in four counties as reservoir levels fall
= New study links regular walking to lower blood pressure
= Supreme court to hear case on data privacy next month
= Transport strike planned for 12 and 13 March
= Heatwave warning issued for the weekend as temperatures near 35°C
+ Volunteers plant 10,000 trees along the river in a single day
""",
"workplace": """
= Can everyone send me their slides by 3pm so I can merge the deck?
= Reminder: the all-hands is moved to Thursday 10am, room 4.
+ Huge thanks to the ops team for getting the release out over the weekend.
= I'll be out tomorrow for a dentist appointment, back Wednesday.
= Who owns the Q3 budget spreadsheet? I need edit access.
- the client rejected the proposal again. back to square one.
= Heads up: the kitchen fridge will be cleared out on Friday at 5.
= Can we push our 1:1 to after lunch? Running late from the site visit.
+ Congrats to Sam on the promotion, well deserved!
= please review my PR when you get a sec, it's small
- This meeting could have been an email. Again.
= Timesheets are due by end of day.
= FYI I've shared the contract draft in the legal folder.
- I'm drowning in tickets this week, can anyone take two off my plate?
= Parking lot B is closed for resurfacing Mon-Wed.
+ nice job on the demo today, the client loved it
= Annual leave requests for December need to be in by 15 Nov.
= Can someone cover the front desk from 1 to 2?
= I'll kill the old staging server tonight unless anyone objects.
- Payroll is late again, third month in a row. Anyone know why?
= Quick one: is the printer on floor 3 working again?
+ Thanks everyone for the leaving card, I'll miss you lot
""",
"school": """
= Reminder: Year 4 trip to the science museum is on Thursday. Packed lunch please.
= Parents' evening slots are now open for booking on the school app.
= Hi Ms Lee, Tom was sick last night and won't be in today. Thanks.
+ So proud of Ella, she got the reading award at assembly today!
= Does anyone know what the maths homework was? Jack forgot to write it down.
= School will close at 1pm on Friday for staff training.
- Lost property has my son's coat AGAIN. Third time this term.
= Could the class rep collect £5 each for the teacher's leaving gift?
= Exam timetable for the mock GCSEs is attached.
+ thank you for organising the bake sale, raised over £600!!
= Please remind your child to bring PE kit on Tuesdays.
- My daughter is being left out at lunch and it's really upsetting her. Can we talk?
= The library will be open until 7pm during exam week.
= Enrolment for the autumn semester closes on 30 June.
= Can someone share the link to the zoom for the parent council meeting?
+ Our robotics team made it to the regional finals!
= Head lice has been reported in Class 2. Please check your child's hair.
- Got a C on the essay. I worked so hard on it.
= Lecture on Tuesday is cancelled, slides will be uploaded.
= The bus will leave the school car park at 7:15 sharp.
= Swimming lessons start next week for Year 3, please send a towel and goggles.
+ Finally finished my dissertation at 4am. Submitted. Going to sleep for a week.
""",
"travel": """
= Gate changed to B22, boarding starts 14:10.
+ Lisbon was gorgeous, already planning to go back
- Flight delayed 4 hours and no food vouchers. Great start to the holiday.
= Does anyone know if you need a visa for Vietnam for a 10-day stay?
= Check-in at the hostel is from 3pm, we can leave bags earlier.
+ The sunset from the ferry was unreal 🌅
= Your booking at Harbour View B&B is confirmed for 3 nights, 12-15 August.
- They lost my suitcase. I've been in the same clothes for two days.
= Our seats to Edinburgh are in coach C, 41 and 42, the ones with the table.
= Is it safe to drink tap water in Mexico City or should we buy bottled?
+ best hike of my life, the view from the top of the ridge was worth every step
= Car rental pickup is at Terminal 2, level 0, desk 6.
= Anyone been to Kyoto in November? How crowded is it?
- The Airbnb looked nothing like the photos. Mould in the bathroom.
= Reminder: your passport expires in 5 months, some countries require 6.
+ upgraded to business class for free!! best day ever
= Boarding pass attached. Seat 17A.
= What's the best way from the airport to the city centre, taxi or metro?
- Missed the connection in Frankfurt, rebooked for tomorrow morning, stuck at the airport hotel.
= Ferry schedule changes from 1 October, check the new times.
= Heads up: the hotel charges a city tax of €3 per night, cash only.
- Our ferry was cancelled because of wind, stuck on the island one more night
""",
"health": """
= Is it normal to feel dizzy after giving blood?
= Your appointment with Dr Okafor is confirmed for Monday 9:20am.
= What's the difference between ibuprofen and paracetamol for a fever?
- Been having chest pain on and off for two days. Should I go to A&E?
= Your prescription is ready for collection at Parkside Pharmacy.
= How long after a tetanus shot can I exercise?
+ 6 months sober today. Thank you to everyone who supported me.
= Reminder: flu vaccinations are available at the clinic on Saturdays in October.
- My knee still hurts three weeks after the fall, physio isn't helping much.
= Does anyone have a recommendation for a good dermatologist in the area?
= Test results: your cholesterol is within the normal range. No follow-up needed.
= Can I take antihistamines with my blood pressure medication?
+ Finally got my energy back after the iron supplements!
= Fasting blood test tomorrow, can I drink water before?
- Waited 6 hours in the emergency department with a broken wrist.
= The physio said to ice it 20 minutes at a time, three times a day.
= Is a rash after amoxicillin something to worry about?
= Dental check-up due. Book online or call us.
- anxiety has been really bad this week, can't sleep
= How many hours of sleep does a 3 year old need?
= How soon after COVID can I get my booster?
+ Physio says my shoulder has full range of motion again 🙌
""",
"food": """
+ This lentil soup recipe is a keeper, added smoked paprika and a squeeze of lemon
= Anyone know a substitute for buttermilk? I only have regular milk.
= Preheat the oven to 200°C, roast the squash for 35 minutes, turning halfway.
+ Made sourdough for the first time and it actually rose!!! 🍞
- my curry is way too salty, any way to rescue it?
= How long can cooked rice stay in the fridge?
+ the new ramen place on King St is incredible, get the spicy miso
= Dinner tonight: tacos. Someone grab limes on the way home pls
- The cake collapsed in the middle. Two hours of work.
= Tip: rest the steak five minutes before cutting.
= What's everyone bringing to the potluck? I've got dessert covered.
+ grandma's apple pie recipe, finally written down ❤️
= Is it ok to freeze fresh pasta?
- burnt the garlic AGAIN, whole kitchen smells bitter
= Soak the chickpeas overnight, then simmer for about an hour.
+ fresh strawberries from the market, best of the season
= Vegetarian options at the wedding: mushroom risotto or halloumi skewers.
= Can you use olive oil for baking brownies?
= anyone have a good vegan lasagne recipe? need one for Sunday
+ Best brunch spot in town, the shakshuka is ridiculous
""",
"housing": """
= Hi, is the two-bed flat on Baker Lane still available? I'd like to view it this week.
= Rent for November is due on the 1st. Bank details unchanged.
- The boiler has been broken for 5 days and it's freezing. Landlord isn't answering.
= Notice: water will be shut off on Tuesday 9am-1pm for pipe repairs.
= Looking for a room in a shared house near the university, budget £600.
+ We got the keys today!!! First home 🏡
= The letting agent needs proof of income and a reference from your previous landlord.
- Neighbours upstairs throwing parties till 3am every weekend.
= Bins are collected on Wednesdays, recycling every other week.
= Can tenants paint the walls if we return them to white at the end?
= Inspection scheduled for 14 March between 10 and 12. Please make sure the agent can access.
- Found mould behind the wardrobe, the whole wall is black.
= Is a 6% rent increase legal mid-tenancy?
= Flatmate wanted: quiet professional, no smokers, available from June.
+ the new landlord actually fixed the leak within a day, amazing
= Council tax band for the property is C.
= Who's responsible for the gutter cleaning, us or the landlord?
- Moving day and the van didn't show up.
= Does the flat come furnished or unfurnished?
= Reminder from the building: please don't leave bikes in the hallway, fire regulations.
""",
"classifieds-jobs": """
= For sale: kids' bike, 16 inch, good condition, £40. Pick up only.
= Hiring: part-time barista, weekends, experience preferred. Apply in store.
= Free to a good home: two-seater sofa, slight wear on the arm.
= We're looking for a senior backend engineer (Go, Postgres). Hybrid, 3 days in office.
= Selling my Nintendo Switch with 3 games, 180 ono
= Lost cat: grey tabby, answers to Miso, last seen near Elm Park. Please call if seen.
= Babysitter needed Tuesday and Thursday afternoons, 3-6pm, for two kids aged 5 and 8.
= Job opening: warehouse operative, night shift, £12.50/hr, forklift licence a plus.
= Wanted: second-hand piano for a beginner, will collect.
= Our clinic is hiring a receptionist. Send your CV to the practice manager.
= Garage sale Saturday 8am-noon, 22 Oak Drive. Tools, books, kids' clothes.
= Graduate scheme applications open until 31 January. No fee to apply, ever.
= Room for rent, all bills included, 5 min walk to the station.
= Selling a 2014 Corolla, 98k miles, full service history.
= Tutor available for GCSE maths and physics, £25/hour, online or in person.
= Dog walker wanted in the Westside area, 3 mornings a week.
= Looking for a bassist for our covers band, rehearsals Wednesday evenings.
= Internship: marketing assistant, 6 months, paid, starting September.
= Used textbooks for first-year law, half price.
= Hiring: HGV driver, Class 1, days, competitive pay, immediate start. Apply via our careers page.
= Selling two concert tickets for Saturday at face value, can't make it anymore.
""",
"tech-questions-logs": """
= Anyone know why `git rebase -i` opens vim even though I set EDITOR=nano?
= ERROR 2024-03-12 10:42:11 connection refused: localhost:5432
= How do I kill a process that's hogging port 8080 on macOS?
= WARN  [main] Retrying request (attempt 3/5) after timeout
= Docker build fails on npm install with EACCES, any ideas?
+ Finally migrated the whole service to Kotlin, build times down by 40%
- this legacy codebase is a nightmare, 4000-line functions everywhere
= Is it better to use UUIDs or bigserial for primary keys in Postgres?
= kernel: Out of memory: Killed process 2313 (java) total-vm:8012345kB
= The cron job runs fine manually but not from crontab. Path issue?
= Can someone explain the difference between a mutex and a semaphore?
= Python 3.12 broke our distutils import, what's the replacement?
- Spent 6 hours chasing a bug that turned out to be a trailing space in the config.
= Terminate the child threads before closing the pool or you'll get a deadlock.
= Any recommendations for a lightweight monitoring stack for a homelab?
= HTTP 502 from the load balancer only under load, backend logs look clean.
= How do you execute a shell script on boot on a Raspberry Pi?
+ Wrote my first Rust program today, the compiler errors are actually helpful
= git push rejected: non-fast-forward. should I force push?
= FATAL: password authentication failed for user "app"
= INFO  Scheduler: job cleanup-tmp finished in 2.3s, 142 files removed
= Is there a way to make VS Code stop auto-importing from the wrong package?
""",
"dating": """
= Hey! I saw you're into climbing too, which gym do you go to?
+ I had a really nice time tonight, thanks for the lovely dinner 😊
= Coffee on Saturday? There's a nice place near the canal.
= so what's the story behind the photo with the goat
+ You're funny, I like that. Want to grab a drink this week?
= I'm more of a dog person but I can negotiate on cats
- Sorry, I don't think we're a match, but good luck out there!
= what are you reading at the moment?
= Haha same, I also pretend to like running
= Are you free Thursday? I can do after 7.
+ Had a great time at the gallery, let's do it again
= Pineapple on pizza: yes or no? This is important.
- Honestly I felt a bit uncomfortable last night when you kept checking your phone.
= How long have you lived in the city?
= I'm a nurse so my schedule's a bit crazy, weekends are easier.
= Ok I'll admit it, I only swiped because of your dog
+ That was the most fun first date I've had in ages. Same time next week?
""",
"politics": """
= I disagree with the new housing policy, but I think the consultation was done fairly.
= Does anyone have a good non-partisan summary of the pension reform bill?
- I'm frustrated that neither party is talking seriously about climate adaptation.
= Voting starts at 7am tomorrow, polling stations close at 10pm. Bring ID.
= Good debate last night. Both candidates avoided the question on taxes though.
= I think lowering the voting age to 16 is worth discussing, even if I'm not sure yet.
- The council's decision to close the library is short-sighted. I'll be writing to my councillor.
= Respectfully, the figures you quoted are from 2019; the 2023 ones are lower.
= Our town hall meeting on the bypass proposal is on Wednesday. All welcome.
+ Glad to see cross-party support for the mental health funding bill.
= We can disagree about immigration numbers and still agree people should be treated decently.
= What does a hung parliament actually mean for the budget?
- Tired of politicians making promises they know they can't keep.
= I'll vote for the candidate who has a real plan for public transport, whoever that is.
= Interesting op-ed, though I think it underestimates the cost of the rail project.
= I read both manifestos. Honestly they're closer on healthcare than people think.
- I'm disappointed the bill was watered down, but it's better than nothing I suppose.
""",
"first-party-promotions": """
+ Members' sale starts today: 20% off everything in store and online with your loyalty card.
= Hi Anna, you have 1,250 points. That's a £12.50 voucher waiting for you at checkout.
+ Back in stock: the linen shirt you saved is available in your size again.
= Your Green Leaf Café stamp card: 8 of 10 stamps. Two more coffees for a free one!
+ Thanks for being with us for 3 years! Here's free delivery on your next order.
= Newsletter: our autumn collection is here. Unsubscribe anytime from the link below.
+ Birthday treat from Bloom Bakery: a free cupcake with any purchase this week 🎂
= Reminder: your StreamBox membership renews on 12 June at 7.99/month.
+ Early access for subscribers: the winter sale opens to you 24 hours before everyone else.
= Price drop on an item in your wishlist: the walking boots are now 79.
+ Members' evening at the bookshop on Thursday, 6pm, with the author of The Salt Road. Wine included.
= Your gym: new spin classes on Tuesday mornings, book through the member app.
+ Double points weekend on all groceries for Club members.
= We've updated our loyalty programme terms. Read what's changed in your account.
= Your cart is waiting: 2 items are still in your basket.
+ Thanks for your review! Here's 10% off your next order with us.
= New on the menu at Luigi's: wild mushroom pizza. Show this text for a free dessert, members only.
= Your favourite cinema: Tuesday tickets for members are now 5.
+ Flash sale for our newsletter readers: 30% off mugs until midnight.
= Cashback earned this month with your store card: 6.40.
+ Hey Jo, it's Riverside Books. Your member discount now covers gift cards too.
= PawPal points balance: 430. Treats are 15% off for members this week.
""",
}
