from lib import *

A("fresh2-01", "2023-07-14", "Multichain says it was drained of $126 million as CEO remains unreachable",
"""
Cross-chain router Multichain confirmed late on Thursday that assets locked in its bridge contracts had been moved out "abnormally" last week, and urged users to stop using the service. Blockchain analysts put the outflows at about $126 million, mostly from the Fantom, Moonriver and Dogechain bridges.

The protocol said it could not reach its chief executive, known as Zhaojun, who had been detained by Chinese police in May. Because he alone held access to the servers storing the keys, the team said it had lost the ability to operate the bridges.

"Multichain has been unable to contact him and cannot get the necessary server access and key management," the team wrote in a statement on Twitter. "We do not know what happened to the funds."

Some researchers suspected that the withdrawals were made by someone with access to the chief executive's keys rather than by an outside hacker. Others noted that the transfers looked like a hot-wallet drain. No group has been linked to the withdrawals.

Fantom's foundation said it had about $2 million of its own money in the bridge and that many projects on its network depended on tokens bridged through Multichain. Tether and Circle froze some of the stablecoins involved.

The collapse has revived concerns about how cross-chain bridges secure the keys that control billions of dollars in deposits. Multichain had processed more than $100 billion in transfers since 2020.
""",
[I("Multichain", [], 126000000, None, None, None, "2023-07", None)], [],
[("Multichain", "Ferrowind")])

A("fresh2-02", "2022-02-04", "Wormhole bridge exploited for 120,000 wrapped ether",
"""
Wormhole, a bridge linking Solana with Ethereum and other blockchains, was exploited on Wednesday for 120,000 wrapped ether, worth about $320 million at current prices, in one of the largest attacks on a decentralized finance platform to date.

The attacker found a way to bypass the verification of signatures on the Solana side, allowing them to mint wETH on Solana without depositing any ether on Ethereum. They then bridged about 93,750 ETH back to Ethereum.

"The wormhole network was exploited for 120k wETH. ETH will be added over the next hours to ensure wETH is backed 1:1," the project's developers wrote on Twitter.

The next day, Jump Crypto, the trading firm behind much of Wormhole's development, said it had replaced the stolen ether to protect users. The firm did not say how it would recover its losses.

Wormhole also left a message on-chain offering the attacker a $10 million bounty in exchange for returning the funds. The offer went unanswered.

The attack is the second-largest theft in DeFi history after the hack of Poly Network in August 2021, in which an attacker took more than $600 million before returning almost all of it.

Security researchers said the bug had been fixed in the project's public code repository shortly before the attack, but the fix had not yet been deployed, which may have given the attacker a roadmap.
""",
[I("Wormhole", [], 320000000, [120000, "wETH"], None, None, "2022-02", "exploit"),
 I("Poly Network", ["Poly"], 600000000, None, None, None, "2021-08", None)], [],
[("Wormhole's", "Glimmerpath's"), ("Wormhole", "Glimmerpath"), ("wormhole", "glimmerpath"), ("Poly Network", "Tarnwick Network")])

A("fresh2-03", "2024-08-02", "Ronin bridge drained of $12 million by MEV bot in whitehat rescue",
"""
The Ronin bridge, which links the Axie Infinity game network to Ethereum, was paused on Tuesday after about $12 million in ether and USDC was withdrawn through a flaw introduced in an upgrade earlier that day.

The funds were taken by an MEV bot operator who later returned them and described the operation as a whitehat rescue. Ronin's developer, Sky Mavis, paid a $500,000 bounty to the operator.

"We can confirm that the funds were returned by a whitehat," Ronin wrote. "User funds are safe."

The incident revived memories of the March 2022 hack of the same bridge, in which North Korea's Lazarus Group stole about $625 million, one of the largest crypto thefts ever recorded. The US Treasury later sanctioned an Ethereum address tied to that attack.

Sky Mavis said the bug had been introduced by a change to the bridge's voting threshold that let withdrawals go through without enough validator signatures. The company said it would add more checks before future upgrades.

Bridges have been among the most frequently attacked parts of crypto infrastructure, because they hold large pools of assets in a single contract.
""",
[I("Ronin", ["Ronin bridge", "Ronin Network"], 12000000, None, None, None, "2024-07", "exploit"),
 I("Ronin", ["Ronin bridge", "Ronin Network"], 625000000, None, "Lazarus Group", "DPRK", "2022-03", None)], [],
[("Ronin's", "Tessmark's"), ("Ronin", "Tessmark")])

A("fresh2-04", "2025-02-10", "Texas man says hackers emptied $2 million Coinbase account after fake support call",
"""
A retired engineer in Austin, Texas, says he lost about $2 million in bitcoin and ether after a caller posing as a Coinbase support agent persuaded him to move his funds to a "secure vault" that the caller controlled.

The man, Ed Suman, 70, told reporters the caller knew his name, address and account balance and sent a convincing text message that appeared to come from the exchange. Over several days in January, he transferred his savings to wallets the scammers set up.

"They had every detail. I had no reason to doubt them," Suman said.

Blockchain investigator ZachXBT, who reviewed the case, said Coinbase customers had lost more than $65 million to similar social engineering schemes between December and January alone, and that the real total was probably higher.

Coinbase said it does not call customers unprompted and never asks them to move funds. The company said it was working with law enforcement but did not comment on individual cases.

Suman said he had reported the theft to the FBI and to local police. He has little hope of recovering the money. "It's gone," he said.

The case is one of many in which thieves use leaked personal data to make convincing phone calls. Security researchers advise crypto holders to hang up and contact their exchange directly through its website or app.
""",
[I("Ed Suman", ["Suman"], 2000000, None, None, None, "2025-01", "social-engineering")],
[G(None, 65000000, "2024-2025")],
[("Ed Suman", "Hollis Brenner"), ("Suman", "Brenner")])

A("fresh2-05", "2024-10-29", "Paxos fined $26.5 million by New York regulator",
"""
New York's financial regulator on Monday fined Paxos Trust Company $26.5 million over failures in its anti-money-laundering program and ordered it to spend a further $22 million on improvements, the latest enforcement action against a crypto firm in the state.

The Department of Financial Services said Paxos had failed to conduct adequate due diligence on its partnership with Binance, through which it issued the BUSD stablecoin, between 2017 and 2022.

"Paxos did not meet its obligations," Superintendent Adrienne Harris said. "Those obligations are the foundation of a safe and sound financial system."

Paxos said it had cooperated fully with the investigation and that its compliance program had been rebuilt. No customers lost money, it said, and all BUSD tokens remained fully backed by reserves.

The regulator ordered Paxos to stop issuing BUSD in 2023, and the stablecoin's supply has since dropped from a peak of more than $23 billion to almost nothing.

Separately, the department said it had reached settlements with two smaller crypto companies over cybersecurity lapses, with penalties totaling $4 million. It did not say whether any customer funds had been affected.

Paxos also issues the Pax Dollar and a gold-backed token, and runs the PayPal USD stablecoin for PayPal.
""", [], [], [])

A("fresh2-06", "2022-08-03", "Solana wallets drained in mystery attack; Slope app blamed",
"""
Thousands of Solana users saw their wallets drained on Tuesday night in an attack that security researchers later traced to the Slope mobile wallet, which had been logging users' recovery phrases to a central server.

About 9,200 wallets were affected, according to Solana's developers, with losses estimated at around $4.5 million in SOL, USDC and other tokens. Some Ethereum users who had imported their seed phrases into Slope were also hit.

"An investigation found that the affected addresses were at one time created, imported, or used in Slope mobile wallet applications," the Solana Foundation said on Twitter. The flaw did not affect the Solana blockchain itself, developers stressed.

Slope said its engineers were investigating and that it had found that a version of its app sent encrypted seed phrases to its logging service. It urged all users to create new wallets and move their funds.

Security firm OtterSec said it was working with the Slope team and had not found evidence that the company itself was behind the theft. The attacker's identity remains unknown.

The hack dented confidence in the Solana ecosystem, which had already suffered several network outages. SOL fell about 5% on Wednesday.
""",
[I("Slope", ["Slope wallet"], 4500000, None, None, None, "2022-08", "key-compromise")], [],
[("Slope", "Harrowgate")])

A("fresh2-07", "2025-10-20", "North Korea's crypto thefts top $2 billion in 2025, Elliptic says",
"""
Hackers working for North Korea have stolen more than $2 billion in cryptocurrency so far this year, the highest annual total on record, blockchain analytics firm Elliptic said in a report published on Tuesday.

The figure is driven largely by the theft of about $1.46 billion from the Dubai-based exchange Bybit in February, which the FBI attributed to North Korean hackers. Elliptic said it had also linked more than 30 other hacks this year to the regime, including the $14 million theft from LND.fi and attacks on WOO X and Seedify.

The firm said North Korea's previous record was about $1.35 billion in 2022, when the Ronin bridge and Harmony's Horizon bridge were among the victims. Its running total of the regime's crypto thefts since 2017 now exceeds $6 billion.

"Social engineering is now the main way in," said Tom Robinson, Elliptic's co-founder. "They target people, not code."

The report said the thefts help fund the country's weapons programs. North Korea has denied carrying out cyber attacks.
""",
[I("Bybit", [], 1460000000, None, "North Korean hackers", "DPRK", "2025-02", None),
 I("LND.fi", ["LND"], 14000000, None, "North Korea", "DPRK", "2025", None),
 I("WOO X", [], None, None, "North Korea", "DPRK", "2025", None),
 I("Seedify", [], None, None, "North Korea", "DPRK", "2025", None),
 I("Ronin bridge", ["Ronin"], None, None, "North Korea", "DPRK", "2022", None),
 I("Horizon bridge", ["Harmony", "Horizon"], None, None, "North Korea", "DPRK", "2022", None)],
[G("DPRK", 2000000000, "2025"), G("DPRK", 1350000000, "2022"), G("DPRK", 6000000000, "2017-2025")],
[("Bybit", "Marrowby"), ("LND.fi", "Kettle.fi"), ("WOO X", "Karvo X"), ("Seedify", "Plinthware"), ("Ronin", "Tessmark"), ("Harmony", "Varrow"), ("Horizon", "Quill")])

A("fresh2-08", "2023-05-19", "Seoul exchange GDAC loses 23 billion won in hot wallet hack",
"""
South Korean cryptocurrency exchange GDAC said on Monday that hackers had stolen about 23 billion won ($17.4 million) worth of bitcoin, ether, tether and other tokens from its hot wallet on April 9.

The stolen assets amounted to about 23% of the exchange's total custody, the company said in a notice to users. It suspended deposits and withdrawals and reported the incident to police, the Korea Internet & Security Agency and the Financial Intelligence Unit.

"We are doing our best to track the stolen assets in cooperation with related organizations," the exchange wrote.

According to the notice, the attacker took 60.8 BTC, 350.5 ETH, 10 million WEMIX tokens and 220,000 USDT. GDAC said it had asked other exchanges to freeze deposits from the attacker's addresses.

Local media said investigators were examining whether North Korean hackers were involved, given the country's history of targeting Korean exchanges, but the police have not named a suspect.

GDAC is a mid-sized exchange that ranks well behind Upbit and Bithumb in trading volume. Korean regulators have required exchanges to keep at least 70% of customer assets in cold storage since 2021.
""",
[I("GDAC", [], 17400000, None, "North Korean hackers (investigated, not named)", "DPRK", "2023-04-09", None)], [],
[("GDAC", "Hanbit Coin")])

A("fresh2-09", "2024-06-21", "Former engineer charged with stealing $12 million from two DeFi exchanges",
"""
A former security engineer was arrested in New York on Tuesday and charged with stealing about $12.3 million from two decentralized exchanges by exploiting flaws in their smart contracts, in what prosecutors said was the first criminal case over the hack of a smart contract.

Shakeeb Ahmed, 34, is accused of attacking an unnamed exchange on the Solana blockchain in July 2022, manipulating its pricing data to withdraw about $9 million in fees that he was not entitled to. He then offered to return most of the money if the exchange did not refer the matter to law enforcement, prosecutors said.

He is also charged with carrying out flash loan attacks against Nirvana Finance, a Solana protocol, taking about $3.6 million and causing the project to collapse.

"Ahmed allegedly used his skills as a security engineer to defraud two exchanges," US Attorney Damian Williams said.

Prosecutors said Ahmed searched online for "defi hacks" and "how to launder crypto" after the attacks. He faces charges of wire fraud and money laundering, which carry maximum sentences of 20 years each.

His lawyer did not respond to a request for comment. Ahmed later pleaded guilty and was sentenced to three years in prison.
""",
[I("Nirvana Finance", ["Nirvana"], 3600000, None, "Shakeeb Ahmed", None, "2022", "exploit")], [],
[("Nirvana Finance", "Larchmere Finance")])

A("fresh2-10", "2023-12-15", "Crypto lender pays $5 million to hacker who threatened to leak client data",
"""
A Singapore-based crypto lender said it paid a hacker about $5 million in bitcoin after the attacker broke into its customer database and threatened to publish the personal details of thousands of clients.

The company, which asked not to be named in its notice to users, said no customer funds or private keys had been accessed and that the payment came from its own reserves. It described the payment as a "last resort" that it had made on the advice of outside counsel.

"Our wallets were never compromised," the notice said. "The intruder obtained names, email addresses and phone numbers, and demanded payment in exchange for deleting the data."

Security experts warned that paying such demands rarely guarantees that stolen data is destroyed, and that companies which pay become targets for further extortion.

The Monetary Authority of Singapore said it was aware of the incident and was in contact with the firm.

The case adds to a string of extortion attempts against crypto firms this year. In most cases, attackers steal data rather than digital assets, then use the threat of publication to demand a payment.
""", [], [], [])

A("fresh2-11", "2024-05-02", "FixedFloat confirms $26 million theft as hackers hit instant exchange",
"""
FixedFloat, an instant cryptocurrency exchange that lets users swap coins without creating an account, confirmed in February that it had been hacked, after blockchain sleuths spotted about $26 million in bitcoin and ether leaving its wallets.

The exchange initially described the outflows as "minor technical problems" before acknowledging a security breach in a post on X. It did not say how the attackers gained access, and said it was still assessing the damage.

Blockchain security firm Cyvers said it had detected suspicious transfers of 409 BTC and 1,728 ETH from FixedFloat's wallets. The service was suspended for maintenance while the company investigated.

"The hacker took advantage of a weakness in our infrastructure," FixedFloat said. "All user data and the funds of clients whose exchanges were in progress are safe."

FixedFloat has in the past been criticized for being used to launder the proceeds of other hacks, because it does not require identity checks. The attack is unrelated to those concerns, the company said.

In April, the exchange was hit again, losing about $2.8 million in a second breach.
""",
[I("FixedFloat", [], 26000000, None, None, None, "2024-02", None),
 I("FixedFloat", [], 2800000, None, None, None, "2024-04", None)], [],
[("FixedFloat's", "Swapline's"), ("FixedFloat", "Swapline")])

A("fresh2-12", "2025-03-28", "Zoth loses $8.4 million after admin key compromise",
"""
Zoth, a platform that offers stablecoin yields backed by real-world assets, lost about $8.4 million on March 21 when an attacker took control of an administrative key and upgraded one of its contracts to a malicious version.

The attacker minted the platform's USD0++ tokens, swapped them into other stablecoins and then into about 4,223 ETH, which was sent through a mixer. Zoth said its admin multisig had been compromised and that it was working with law enforcement and security firms.

"We are deeply sorry for what happened and we will make every user whole," the team said.

Security researchers said the attack followed the pattern of key compromises seen across the industry this year, in which a single leaked private key gives an attacker control of an entire protocol.

Zoth said it had raised $15 million in a funding round last year and would use part of its reserves to cover the shortfall. It offered the attacker a bounty in exchange for the return of the funds.
""",
[I("Zoth", [], 8400000, [4223, "ETH"], None, None, "2025-03-21", "key-compromise")], [],
[("Zoth", "Pemberly")])
