from lib import *

A("fresh-13", "2025-05-23", "Sui DEX Cetus drained of $223 million; validators freeze most of it",
"""
Cetus Protocol, the largest decentralized exchange on the Sui blockchain, was exploited on Thursday for about $223 million, the project said, in one of the largest attacks on a DeFi platform this year.

The attacker used a flaw in an overflow check inside a math library that Cetus relied on to calculate liquidity. By creating positions with extreme price ranges and only a tiny deposit, the attacker was able to withdraw far more tokens from the pools than they had put in.

Within hours, Sui's validators voted to ignore transactions from the addresses that held the stolen funds, effectively freezing about $162 million that remained on the network. The remaining $60 million or so had already been bridged to Ethereum and converted into ether.

"We have identified the issue and the contract is paused," Cetus wrote. "We are working with the Sui Foundation and the ecosystem to recover the funds."

The freeze divided the industry. Some developers praised the speed of the response; others said it showed that a small group of validators could censor transactions at will, and questioned how decentralized the network really was.

Cetus offered the attacker a $6 million bounty to return the rest of the money and said it would pursue the matter in court if the offer was ignored. Sui's community later voted to move the frozen funds back to a trust controlled by the project.

The SUI token fell about 15% after news of the exploit, and several memecoins that traded mainly on Cetus lost more than 80% of their value. The protocol reopened with a recovery plan and a loan from the Sui Foundation to cover the shortfall.
""",
[I("Cetus Protocol", ["Cetus"], 223000000, None, None, None, "2025-05", "exploit")],
[], [("Cetus Protocol", "Brindlewood Protocol"), ("Cetus", "Brindlewood")])

A("fresh-14", "2025-07-12", "GMX attacker returns funds after $42 million exploit",
"""
The attacker who took about $42 million from decentralized exchange GMX earlier this week has returned most of the money in exchange for a bounty, the project said on Friday.

The exploit, on July 9, targeted GMX's version 1 liquidity pool on Arbitrum. The attacker used a re-entrancy flaw to manipulate the average short price of bitcoin positions, which inflated the value of GLP tokens that they then redeemed for real assets. The version 2 contracts were not affected.

GMX publicly offered the hacker a 10% white-hat bounty, or about $5 million, if the rest was sent back within 48 hours, and promised not to pursue legal action. On Friday, the address began sending ether and stablecoins back to a recovery wallet controlled by the GMX DAO.

"Funds have been returned. Thanks for the collaboration," the attacker wrote in an on-chain message.

GMX has been one of the most used perpetual futures platforms on Arbitrum since 2022. Its developers said they had disabled minting of GLP on Arbitrum and Avalanche while they reviewed the code, and that liquidity providers in the affected pool would be compensated.

Auditors noted that the version 1 contracts had been reviewed several times and that the vulnerable logic was introduced by a fix deployed in 2022. "Old code that everyone assumes is battle-tested is exactly where these bugs hide," one said.

GMX's token rose about 10% after the return of funds was confirmed.
""",
[I("GMX", [], 42000000, None, None, None, "2025-07-09", "exploit")],
[], [("GMX", "Perrowick")])

A("fresh-15", "2023-09-16", "Mark Cuban loses $870,000 in crypto to wallet hack",
"""
Billionaire investor Mark Cuban lost about $870,000 in cryptocurrency on Friday after an attacker gained access to his MetaMask hot wallet, according to on-chain data and Cuban's own account.

Blockchain sleuth Wazz first flagged the transactions, which moved USDC, Lido staked ether and several smaller tokens out of the wallet and swapped them for ether. Cuban later confirmed the loss to reporters.

"I think I found out what happened," Cuban wrote in an email. He said he believed he had downloaded a version of MetaMask that had been tampered with while setting up a new device. "I need to be more careful."

About $80,000 of the loss, a holding of the stablecoin USDC, was not swapped because Cuban moved other assets out before the attacker could finish. The remaining wallet had held more than $1 million at its peak this year.

Cuban is an early investor in numerous crypto projects and was a promoter of Voyager Digital, the lender that collapsed in 2022. He has repeatedly said he keeps only a small share of his wealth in crypto.

Security researchers said the case was a reminder that even sophisticated users could fall victim to fake software. Counterfeit wallet apps and browser extensions are widely advertised through search engine ads, they noted.

MetaMask's developer, Consensys, said the wallet itself had not been compromised and urged users to install it only from official sources.
""",
[I("Mark Cuban", ["Cuban"], 870000, None, None, None, "2023-09", "social-engineering")],
[], [("Mark Cuban", "Dorian Halvsted"), ("Cuban", "Halvsted")])

A("fresh-16", "2023-08-31", "Cypher Protocol contributor admits taking recovered funds",
"""
Cypher Protocol, a futures exchange built on Solana, said on Wednesday that one of its own core contributors had stolen about $300,000 from a wallet holding the money the project had set aside to repay users after an exploit earlier this month.

The contributor, who goes by Hoeyu, admitted in a statement posted online that he had transferred the funds while the team worked on a redemption plan. He said a gambling addiction had led him to use the money and that he would accept the consequences.

"We trusted one of our own and that trust was broken," Cypher's founder, Barrett, wrote on X. "We have given his identity to law enforcement."

The redemption wallet held assets that had been frozen or recovered after the August 7 exploit, in which an attacker drained about $1 million from Cypher's contracts. That attacker used a flaw in the way the protocol valued certain collateral to borrow far more than was deposited.

The protocol had halted trading after the first attack and was preparing to let users claim back part of their balances when the second theft occurred. It has not said whether the contributor's losses would reduce what users receive.

Small DeFi projects often run with teams of a few people who have wide access to treasuries and admin keys, auditors noted. "If one person can move the recovery fund, that is not a recovery fund," one said.

Blockchain security firms were able to trace part of the funds to gambling sites, according to people familiar with the matter.
""",
[I("Cypher Protocol", ["Cypher"], 300000, None, "Hoeyu (core contributor)", None, "2023-08", "insider"),
 I("Cypher Protocol", ["Cypher"], 1000000, None, None, None, "2023-08-07", "exploit")],
[], [("Cypher Protocol", "Malvic Protocol"), ("Cypher's", "Malvic's"), ("Cypher", "Malvic")])

A("fresh-17", "2025-09-09", "SwissBorg loses $41 million in SOL after staking partner breach",
"""
Swiss crypto platform SwissBorg said on Monday that about 192,600 SOL, worth roughly $41 million, had been stolen from one of its staking programs after an attacker compromised an API at Kiln, the outside firm that operated its Solana staking.

The tokens came from SwissBorg's "SOL Earn" program, which pools user deposits and stakes them to earn a yield. According to the company, the attacker used access to Kiln's API to change the authority over the staking accounts and then withdrew the tokens.

"This was not a breach of the SwissBorg app or of user accounts," chief executive Cyrus Fazel said in a video message. "It was a breach at a partner whose infrastructure we relied on." He said SwissBorg would use its treasury to cover the loss and that the rest of its services were operating normally.

Kiln, a Paris-based staking provider used by several large exchanges, said it had disabled the affected systems and was investigating. It said it had no evidence that other clients had been harmed, but as a precaution it exited all of its Ethereum validators.

Blockchain investigators said the attacker had been preparing for weeks, making small test transactions before the main withdrawal. The stolen SOL was later split across dozens of addresses.

Losses linked to third-party providers are rising as exchanges outsource more of their infrastructure. Security teams describe the risk as a supply chain problem: a single vendor can become the weak link for many platforms at once.

SwissBorg has more than 1 million users in Europe and holds registrations in France and Switzerland.
""",
[I("SwissBorg", [], 41000000, [192600, "SOL"], None, None, "2025-09", "supply-chain")],
[], [("SwissBorg", "Alpenhaus")])

A("fresh-18", "2025-02-26", "Stablecoin bank Infini says former developer drained $49.5 million",
"""
Infini, a Hong Kong-based stablecoin payments firm that pitches itself as a "neobank", said on Tuesday that $49.5 million in USDC had been drained from its vault and that it suspected a developer it had hired to build the system.

According to on-chain analysis, the contract had been deployed months earlier by an address that kept administrative rights after the project was handed over. On February 24, that address used its privileges to withdraw the funds, swap them for DAI and then buy about 17,696 ETH.

Founder Christian Li said the company had identified the person behind the address and would take legal action in Hong Kong. "We know who did this," he said. "The keys should have been revoked when the contract was transferred, and they were not."

Infini offered the attacker 20% of the money as a reward if the remaining 80% was returned. It said it would cover any user losses from its own funds.

Security firm SlowMist said the incident was a case of "improper permission management" rather than a flaw in the code itself. The firm said audits often focus on contract logic and miss who holds the power to change it.

The theft is one of several this year in which the person with the keys turned out to be the problem. Insiders accounted for a significant share of DeFi losses in 2024, according to industry data.

Infini said new deposits had been paused and that card payments for existing users would continue to work.
""",
[I("Infini", [], 49500000, None, "developer hired to build the system", None, "2025-02-24", "insider")],
[], [("Infini", "Harlowe Pay")])

A("fresh-19", "2024-06-05", "Melbourne exchange Quayside confirms hot wallet breach",
"""
Quayside Exchange, a Melbourne-based cryptocurrency platform with about 90,000 customers, said on Wednesday that attackers had stolen A$12.4 million (US$8.1 million) from its hot wallets over the weekend.

The exchange said the attackers had obtained a private key used to sign withdrawals from its Ethereum and Tron wallets. The key was stored on a server that had been exposed during a routine infrastructure migration, according to a notice sent to customers.

"Our cold storage, where the great majority of customer assets are kept, was never at risk," managing director Helen Parkes said. "We will make good every cent of the shortfall."

Quayside suspended withdrawals for 48 hours and has notified the Australian Federal Police and the financial regulator AUSTRAC. The company said it had not yet identified the attackers and that no group had claimed responsibility.

The breach comes as Australia's government prepares rules requiring crypto platforms to hold an Australian financial services license. Consumer groups said the incident showed why stronger custody standards were needed.

Industry figures show Australian users lost more than A$170 million to crypto scams last year, most of it through investment fraud rather than hacks.

The exchange said trading would continue normally and that it had rotated all keys and engaged an outside firm to review its security.
""",
[I("Quayside Exchange", ["Quayside"], 8100000, None, None, None, "2024-06", "key-compromise")],
[], [("Quayside Exchange", "Wattlebay Exchange"), ("Quayside", "Wattlebay")])

A("fresh-20", "2025-08-15", "BtcTurk halts withdrawals after $48 million hot wallet theft",
"""
Turkish cryptocurrency exchange BtcTurk suspended deposits and withdrawals on Thursday after attackers took about $48 million from its hot wallets across several blockchains.

Blockchain security firm Cyvers said it detected unusual outflows from BtcTurk wallets on Ethereum, Avalanche, Arbitrum and other networks, with the stolen tokens quickly converted to ether. BtcTurk confirmed the incident but did not give a figure, saying only that "a technical issue" affected some hot wallets and that cold wallets were safe.

It is the second major breach at the Istanbul-based exchange in just over a year. In June 2024, BtcTurk lost about $55 million in a similar attack on ten of its hot wallets, an incident the company said it would cover from its own resources.

"User assets are fully protected," the exchange wrote. "Our cold wallets, which hold the vast majority of funds, are secure and operating normally."

The company, founded in 2013, is one of the largest exchanges in Turkey, where crypto adoption is high among people seeking protection from inflation. Daily trading on the platform regularly exceeds 10 billion lira.

Turkey's Capital Markets Board has been tightening rules for crypto platforms since 2024, requiring licenses and minimum capital. The regulator did not comment on the breach.

Investigators had not attributed either attack to a known group by Friday.
""",
[I("BtcTurk", [], 48000000, None, None, None, "2025-08", None),
 I("BtcTurk", [], 55000000, None, None, None, "2024-06", None)],
[], [("BtcTurk", "Kadikoy Kripto")])

A("fresh-21", "2024-10-02", "Heronsgate DAO treasury signer tricked into signing drainer permit",
"""
Heronsgate DAO, a community fund that invests in early-stage DeFi projects, lost about $2.3 million from its treasury on Monday after one of its signers approved a malicious token permit on a phishing site.

The signer, who had been invited to claim an "airdrop allocation" through a message that appeared to come from a partner project, connected a hardware wallet to the site and signed what he believed was a claim transaction. In fact he granted unlimited spending rights over the treasury's USDC and staked ether.

Within minutes, the attackers swept the approved tokens. Security researchers said the phishing page was built with a commercially sold drainer kit, whose operators take a cut of each theft and rent the software to affiliates.

"It looked exactly like the partner's website, down to the wallet prompts," the DAO's treasury lead said. "We have revoked every outstanding approval and moved the remaining assets to a new multisig."

Drainer kits have become one of the most common tools for crypto theft. Their operators advertise them on Telegram and earn a percentage of every successful attack, while affiliates handle the phishing.

The DAO said it would ask members to vote on a new policy that requires two independent devices to review every signature. It has also filed reports with the FBI's Internet Crime Complaint Center.

The stolen ether was routed through a cross-chain swap service, and part of it was sent to a mixer, according to on-chain data.
""",
[I("Heronsgate DAO", ["Heronsgate"], 2300000, None, None, None, "2024-09", "social-engineering")],
[], [("Heronsgate DAO", "Tallowmere DAO"), ("Heronsgate", "Tallowmere")])

A("fresh-22", "2025-02-14", "zkLend exploited for $9.5 million; attacker loses part of haul to phishing site",
"""
Starknet lending protocol zkLend said on Wednesday that an attacker had stolen about $9.5 million from its markets by exploiting a rounding error in how the protocol tracked deposits.

The attacker repeatedly deposited and withdrew small amounts to inflate an accumulator value, which let them withdraw far more than they had supplied. The stolen funds were bridged from Starknet to Ethereum.

In an unusual twist, the attacker then tried to launder part of the money through Railgun, a privacy protocol, but used a fake Railgun website. The phishing site took about $5.4 million from the attacker's wallet, according to blockchain investigators. Railgun said its own policies had caused some deposits to be returned to the sender.

zkLend offered the attacker a 10% bounty to return the remaining funds and said it was working with law enforcement and security firms. "We are committed to making users whole to the greatest extent possible," the team wrote.

The protocol said the flaw had survived several audits because it only showed up in markets with very little liquidity. It has since paused all markets and disabled withdrawals.

Lending protocols on newer networks are increasingly targeted because they often fork code from larger projects while changing key parameters, auditors said.

zkLend's token fell about 10% after the exploit was announced.
""",
[I("zkLend", [], 9500000, None, None, None, "2025-02", "exploit")],
[], [("zkLend", "Quillfin")])

A("fresh-23", "2024-06-14", "UwU Lend hit again days after $19.3 million exploit",
"""
Lending protocol UwU Lend was attacked a second time on Thursday, losing about $3.7 million, just three days after an exploit that drained $19.3 million from the platform.

In the first attack on Monday, an attacker manipulated the price oracle for the sUSDe token by moving the markets that fed it, then borrowed far more than the collateral was worth. UwU Lend's founder, Michael Patryn, said the team had identified the issue and would reimburse users.

The second attack used stolen tokens that the first attacker had deposited back into the protocol as collateral. The team said the second loss came from a "lingering risk" in a market that had not been fully paused.

"We were too slow to shut down every pool," Patryn wrote on X. He said the project would cover losses from both incidents from its treasury.

Patryn, also known as 0xSifu, was previously a co-founder of the Canadian exchange QuadrigaCX, which collapsed in 2019 owing users about C$169 million after the death of its chief executive. He has denied any wrongdoing in that case.

Security firms said the first exploit bore the hallmarks of a well-funded attacker who had prepared for weeks. They said it was too early to say who was behind it.

UwU Lend is a fork of Aave v2 that runs on Ethereum. Its total value locked fell by more than half after the attacks.
""",
[I("UwU Lend", ["UwU"], 19300000, None, None, None, "2024-06", "exploit"),
 I("UwU Lend", ["UwU"], 3700000, None, None, None, "2024-06", "exploit")],
[], [("UwU Lend", "Pippet Lend"), ("UwU", "Pippet")])

A("fresh-24", "2024-04-18", "Madrid broker Cambiomar loses €4,7 million in hot wallet theft",
"""
Cambiomar, a Madrid-based cryptocurrency broker with around 200,000 customers in Spain and Portugal, said attackers had stolen €4,7 million (about $5.1 million) from one of its operating wallets.

In a statement in Spanish, the company said the theft was discovered on the morning of April 16 when its monitoring systems flagged withdrawals that had not been requested by any customer. "A total of 4.712.300 euros in bitcoin, ether and USDT left our hot wallet," the statement said, using the European number format.

According to Cambiomar, the attackers obtained a signing key after installing malware on a laptop belonging to an employee in its operations team. The key was used to authorize four transfers to addresses that had never been used before.

"None of our clients will lose money," chief executive Lucía Ferrer said at a press conference. "We have the reserves to cover the full amount, and we have asked the Guardia Civil and the Bank of Spain for help."

The broker said it had frozen trading for several hours and resumed operations in the afternoon with withdrawals limited to €10.000 per customer per day.

Spain has been preparing to apply the European Union's MiCA rules for crypto firms, which include stricter requirements for custody and for reporting security incidents to regulators.

No group has claimed responsibility for the attack. Investigators are tracing the funds, part of which was converted into stablecoins on decentralized exchanges.
""",
[I("Cambiomar", [], 5100000, None, None, None, "2024-04-16", "key-compromise")],
[], [("Cambiomar", "Tajonar")])

A("fresh-25", "2024-09-02", "Bengaluru exchange Koinvault loses Rs 378 crore in cyber attack",
"""
Koinvault, a Bengaluru-based cryptocurrency exchange, said on Monday that about Rs 378 crore ($45 million) worth of digital assets had been stolen from one of its wallets, making it one of the largest crypto thefts to hit an Indian platform.

The exchange said the attackers exploited weaknesses in the approval process for transfers from a multi-signature wallet used for Ethereum and ERC-20 tokens. "Our initial analysis shows that the signatures were obtained after the interface used by our signers was manipulated," co-founder Arvind Rao said.

Koinvault said no customer would bear the loss, and it planned to use its reserves and revenue to cover the gap. Trading and rupee withdrawals were paused for 24 hours.

One user in Pune told reporters he had Rs 4.5 lakh in the exchange and was anxious about when he would be able to withdraw. "They keep saying the money is safe, but we cannot see it," he said.

The Indian Computer Emergency Response Team (CERT-In) and the Financial Intelligence Unit have asked the exchange for details. Police in Bengaluru registered a case under the Information Technology Act.

Crypto exchanges in India must register with the FIU and follow anti-money-laundering rules, but there is no specific law on custody standards. Industry bodies have called for clear guidelines after a series of breaches in the region.

The exchange has not said who it believes was behind the attack.
""",
[I("Koinvault", [], 45000000, None, None, None, "2024-09", "key-compromise")],
[], [("Koinvault", "Rupeeshield")])

A("fresh-26", "2024-11-20", "Kestrel Wallet extension update drains $3.1 million from users",
"""
Kestrel Wallet, a browser-extension wallet popular with traders on Ethereum layer-2 networks, said on Tuesday that a malicious update pushed through its extension store account had stolen about $3.1 million from roughly 1,800 users.

The company said an attacker had compromised an open-source package that the extension depended on for displaying token icons. The tainted version, published to the npm registry with the maintainer's hijacked credentials, contained code that copied users' recovery phrases and sent them to a remote server.

The update was live for about nine hours before Kestrel's developers noticed and pulled it. "Anyone who opened the extension during that window should treat their seed phrase as exposed," the company wrote, urging users to move funds to new wallets immediately.

Kestrel said it would reimburse affected users and had hired a forensics firm. It also said it would pin the versions of all of its dependencies and require manual review of every change.

Attacks on the software supply chain have become a persistent risk for crypto projects, which rely on large numbers of small open-source libraries maintained by volunteers. Researchers said the attacker appeared to be a financially motivated criminal.

The maintainer of the compromised package said his account had been taken over after he entered his password on a fake login page.

Kestrel's team said it had no evidence that any other wallet provider used the affected version.
""",
[I("Kestrel Wallet", ["Kestrel"], 3100000, None, None, None, "2024-11", "supply-chain")],
[], [("Kestrel Wallet", "Ospreyfold Wallet"), ("Kestrel's", "Ospreyfold's"), ("Kestrel", "Ospreyfold")])

A("fresh-27", "2024-07-25", "WOO X says $8.75 million stolen from nine accounts",
"""
Centralized exchange WOO X said on Wednesday that about $8.75 million had been taken from nine user accounts after an attacker gained access to its systems and placed trades that manipulated the price of a thinly traded token.

The exchange said the attacker exploited a flaw in its market-making and pricing logic, which let them inflate the value of the token in question and then withdraw other assets. The attack lasted about 50 minutes.

"We identified the unauthorized activity within minutes and suspended withdrawals," the exchange said in a post on X. "The affected accounts have already been fully restored."

WOO X said it had covered the losses from its own treasury and that no user would be out of pocket. It said the stolen funds had been moved to the Arbitrum, Ethereum and BNB Chain networks and that it was working with other exchanges to freeze what it could.

The exchange reopened for trading later on Wednesday. Its native token, WOO, fell more than 5% on the news.

WOO X is part of the WOO Network ecosystem, which also operates a decentralized exchange. The company has not said whether it knows who was behind the attack.
""",
[I("WOO X", ["WOO Network", "WOO"], 8750000, None, None, None, "2024-07", None)],
[], [("WOO X", "Karvo X"), ("WOO Network", "Karvo Network"), ("WOO,", "KARVO,")])

A("fresh-28", "2025-11-04", "Balancer exploit drains $128 million from stable pools",
"""
DeFi protocol Balancer lost about $128 million on Monday after an attacker exploited a rounding error in its version 2 stable pools across Ethereum and several other chains.

The attacker used batch swaps to repeatedly push the pools' internal balances through a precision flaw, then withdrew the difference. Balancer said the exploit affected only its composable stable pools and that other pools were not at risk.

"We are aware of a potential exploit impacting Balancer v2 pools," the team wrote. "Our engineering and security teams are investigating with high priority."

Forks of the protocol were also affected, and several networks halted or froze tokens linked to the attacker. Berachain's validators temporarily stopped producing blocks to prevent funds from leaving its chain.

Balancer's code had been audited by multiple firms, and the bug had apparently existed for years. "Audits reduce risk. They do not remove it," one auditor said.

This is not the first time Balancer has been hit. In August 2023, an attacker drained about $2.1 million from pools affected by a separate vulnerability, despite the team's warnings to liquidity providers to withdraw. Another attack in June 2020 took about $500,000 through a deflationary token.

The protocol offered a 20% bounty for the return of funds. BAL fell about 6% on the day.
""",
[I("Balancer", [], 128000000, None, None, None, "2025-11", "exploit"),
 I("Balancer", [], 2100000, None, None, None, "2023-08", None),
 I("Balancer", [], 500000, None, None, None, "2020-06", "exploit")],
[], [("Balancer", "Pellucid"), ("BAL ", "PEL ")])
