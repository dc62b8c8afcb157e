LABEL = "spam"
TEXTS = [
    "Great article! For the best cheap replica watches visit www.best-replica-watches-shop.com 👍",
    "Nice post. I've bookmarked your blog. Check my site for buy Instagram likes cheap fast delivery 100% real.",
    "We can get your website to #1 on Google in 7 days! Guaranteed SEO ranking, 5000 backlinks for $49. Contact us today.",
    "Very informative, thank you. Also, if anyone needs a cheap essay writing service, try essaypro-helpnow.net, best writers.",
    "Dear Webmaster, I noticed your site isn't ranking for key terms. Our agency can boost your DA and traffic. Reply for a free audit.",
    "[url=http://cheap-viagra-online.biz]cheap viagra online[/url] [url=http://cheap-viagra-online.biz]buy generic viagra[/url]",
    "Thanks for sharing! roof repair Dallas | best roof repair Dallas TX | affordable roofing contractors Dallas - dallasroofpros-cheap.com",
    "I would like to submit a guest post to your website with a do-follow link. We pay $30 per post. Topics: casino, CBD, crypto.",
]
