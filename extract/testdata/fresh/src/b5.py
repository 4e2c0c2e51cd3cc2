from lib import *

A("fresh3-01", "2025-09-09", "Sui lending protocol Nemo drained of $2.4 million",
"""
Nemo Protocol, a yield trading platform on the Sui network, said an attacker had drained about $2.4 million in USDC from its pools on Sunday by abusing an unaudited function that had been deployed to the live contracts.

The team said the function, meant for a future feature, had been pushed without passing through its auditor. The attacker used it together with a query function that modified state, inflating their position before withdrawing.

"We take full responsibility," the developers wrote, adding that the protocol had paused its contracts and was working with security firms to trace the stolen USDC, most of which was bridged to Ethereum through Circle's transfer protocol.

Nemo said it would compensate users and asked the attacker to return the funds in exchange for a reward.
""",
[I("Nemo Protocol", ["Nemo"], 2400000, None, None, None, "2025-09", "exploit")], [],
[("Nemo Protocol", "Wrenfield Protocol"), ("Nemo", "Wrenfield")])

A("fresh3-02", "2024-06-03", "Japanese police link Sakuraba exchange theft to North Korean hackers",
"""
Japanese police believe that North Korean hackers were probably behind the theft of about 3.4 billion yen ($21.7 million) in cryptocurrency from the Tokyo exchange Sakuraba in March, public broadcaster NHK reported on Monday.

Investigators traced part of the stolen bitcoin through addresses previously used by the group known as TraderTraitor, according to the report. The exchange had said at the time that an unauthorized transfer was made from a hot wallet after an employee's laptop was infected with malware delivered through a fake job offer.

Sakuraba has since repaid affected customers and tightened controls on who can approve withdrawals. The National Police Agency declined to comment.

North Korea has been blamed for a long list of attacks on Japanese crypto firms.
""",
[I("Sakuraba", ["Sakuraba exchange"], 21700000, None, "North Korean hackers (probably; TraderTraitor)", "DPRK", "2024-03", "social-engineering")], [],
[("Sakuraba", "Kotobuki")])

A("fresh3-03", "2025-07-02", "North Korea responsible for most of $2.1 billion stolen in first half, TRM says",
"""
Thieves stole about $2.1 billion from crypto platforms in the first half of 2025, blockchain intelligence firm TRM Labs said in a report on Tuesday, already more than in any comparable period on record.

North Korea was responsible for roughly $1.6 billion of that, or about 70%, largely because of the February attack on Bybit. TRM said infrastructure attacks, such as compromised private keys and front-ends, accounted for most losses.

"The scale of North Korean activity dwarfs everything else we track," TRM's head of global policy said.

The report also noted a rise in attacks that combine social engineering with physical threats against wealthy holders.
""",
[I("Bybit", [], None, None, "North Korea", "DPRK", "2025-02", None)],
[G(None, 2100000000, "2025"), G("DPRK", 1600000000, "2025")],
[("Bybit", "Marrowby")])

A("fresh3-04", "2022-08-13", "Dutch police arrest suspected Tornado Cash developer",
"""
Dutch authorities have arrested a 29-year-old man in Amsterdam suspected of being involved in concealing criminal financial flows through Tornado Cash, the Ethereum mixing service sanctioned by the United States this week.

The Fiscal Information and Investigation Service said Tornado Cash had been used to launder at least $1 billion since its creation in 2019. The US Treasury said the service had processed more than $455 million stolen by North Korea's Lazarus Group in the hack of the Ronin bridge in March.

Developers and privacy advocates criticized the arrest, arguing that writing open-source code should not be a crime. The suspect's name was not released.

The arrest came days after GitHub removed the Tornado Cash code repositories and suspended the accounts of several contributors.
""",
[I("Ronin", ["Ronin bridge", "Ronin Network"], None, None, "Lazarus Group", "DPRK", "2022-03", None)], [],
[("Ronin", "Tessmark")])

A("fresh3-05", "2024-02-20", "Streamer Delia Moss loses 12 ETH to fake sponsorship link",
"""
Popular gaming streamer Delia Moss said on Monday that she had lost 12 ETH, worth about $35,000, after clicking a link in what looked like a sponsorship offer from a game studio.

The message asked her to test a game build and sign in with her wallet. The site then prompted her to sign a permit that handed control of her tokens to the attacker.

"I do this for a living and I still fell for it," Moss told her viewers. She said she had reported the theft to police and to the studio whose name was used.

Security researchers said fake sponsorships and fake game tests have become a common lure aimed at streamers and influencers.
""",
[I("Delia Moss", ["Moss"], 35000, [12, "ETH"], None, None, "2024-02", "social-engineering")], [],
[("Delia Moss", "Rowan Teague"), ("Moss", "Teague")])

A("fresh3-06", "2023-05-10", "Former exchange manager sentenced for insider trading on token listings",
"""
A former product manager at a major US crypto exchange was sentenced on Tuesday to two years in prison for tipping off his brother and a friend about tokens that were about to be listed, in the first insider trading case involving cryptocurrency.

Prosecutors said the scheme generated about $1.5 million in illegal profits between 2021 and 2022. The brothers traded ahead of at least 14 listing announcements.

"This was a betrayal of the trust of the exchange and of its users," the judge said.

The exchange said it had cooperated with investigators and had tightened controls on who knows about listings in advance.
""", [], [], [])

A("fresh3-07", "2023-04-17", "Bitrue hot wallet compromised, $23 million in tokens moved out",
"""
Singapore-based exchange Bitrue said on Friday that one of its hot wallets had been compromised and that about $23 million in ETH, QNT, GALA, SHIB, HOT and MATIC had been transferred out.

The exchange said the wallet held less than 5% of its total funds and that other wallets were safe. Withdrawals were suspended while the team investigated, and Bitrue said all affected users would be compensated.

"At around 02:00 UTC on 14 April, an exploiter was able to gain access to one of our hot wallets," the company wrote.

It was the second security incident at Bitrue since 2019, when it lost about $4.2 million in XRP and ADA after an attacker took over a personal-information system.
""",
[I("Bitrue", [], 23000000, None, None, None, "2023-04-14", "key-compromise"),
 I("Bitrue", [], 4200000, None, None, None, "2019", None)], [],
[("Bitrue", "Fenwick Trade")])

A("fresh3-08", "2024-10-15", "Vienna exchange Kryptohaus reports €2.1 million theft",
"""
Kryptohaus, a small Vienna-based cryptocurrency exchange, said attackers stole €2.1 million in bitcoin and ether from its operating wallet over the weekend, forcing it to suspend trading.

The company said the attacker used credentials taken from a cloud service provider to sign withdrawals. Customer deposits held in cold storage were not affected, it said.

"We have filed a complaint with the police and informed the Financial Market Authority," managing director Jakob Leitner said.

The exchange, founded in 2019, has about 15,000 customers in Austria and Germany. It said it would reopen once an outside review of its systems was complete.
""",
[I("Kryptohaus", [], None, [2100000, "EUR"], None, None, "2024-10", "key-compromise")], [],
[("Kryptohaus", "Donaumark")])
