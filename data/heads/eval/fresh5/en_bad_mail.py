LABEL = "spam"
TEXTS = [
    "Subject: RE: Invoice #88219 Overdue - Please see attached invoice and process payment today to avoid legal action. Open the attached file to view. Regards, Accounts Dept.",
    "Subject: You have (3) undelivered messages - Your mailbox storage is full. Click here to upgrade your quota and recover pending messages.",
    "Subject: Lose belly fat while you sleep! - Doctors are stunned by this simple kitchen trick. Watch the free video now before it's taken down.",
    "Subject: Your Norton subscription has been renewed for $399.99 - If you did not authorize this charge, call our billing department at 1-888-555-0199 to cancel.",
    "Subject: Meet hot singles in your area tonight - 3 women near you want to chat. Create your free profile now, no credit card needed.",
    "Subject: Increase your sales by 300% - Dear business owner, we have a database of 2 million verified email leads. Buy today for only $99.",
    "Subject: I hacked your device - I have recorded you through your webcam. Send $1,200 in Bitcoin to the address below within 48 hours or I will send the video to all your contacts.",
    "Subject: Final reminder: domain listing expires today - Pay $75 for search engine registration of yourdomain.com to keep your website visible on Google.",
]
