LABEL = "spam"
TEXTS = [
    "Great article! Also check out best-cheap-essay-writing-service.com for top quality essays, plagiarism free.",
    "Hello webmaster, I noticed your site isn't ranking on Google page 1. We can get you there in 30 days with 500 high DA backlinks for $49.",
    "Very informative post, thanks for sharing. <a href='http://replica-watches-outlet.biz'>replica watches</a>",
    "Dear Site Owner, we offer guest post placements on 200+ high authority blogs. Dofollow links, permanent, cheap price.",
    "Nice tips! If anyone needs plumbers in Dallas, Dallas Plumbing Pros dallas plumber emergency plumber Dallas TX best plumber Dallas.",
    "I'm an SEO expert with 10 years experience. I'll fix your website's 187 SEO errors I found. Reply for a free audit.",
    "Thanks for the recipe! Visit our site for cheap football jerseys, nike shoes wholesale, ugg boots outlet and more.",
    "Buy aged domains with high traffic and authority, perfect for PBN. Bulk discounts available, check our list.",
]
