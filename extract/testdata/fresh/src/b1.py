from lib import *

A("fresh-01", "2024-12-09", "Radiant Capital blames North Korean cluster for October drain",
"""
Radiant Capital, the cross-chain lending market that lost roughly $50 million in October, said on Friday that the intrusion was carried out by UNC4736, a group that incident responders at Mandiant tie to the North Korean state. The cluster is also tracked by Microsoft as Citrine Sleet.

In a post-mortem published on its forum, the project described how the attackers spent weeks preparing. On September 11, a developer received a Telegram message from an account posing as a former contractor, asking for feedback on a "smart contract auditing report". The attached zip file held a PDF viewer that quietly installed a macOS backdoor the researchers call INLETDRIFT.

"This was not a lapse by one person clicking on something obviously malicious," the team wrote. "The file looked routine, it was shared in a context that looked routine, and it passed the checks every one of us would have run."

With the backdoor in place, the attackers were able to show developers harmless transaction data in the Safe interface while the hardware wallets actually signed something else. On October 16 they collected enough signatures on the Arbitrum and BNB Chain deployments to take ownership of the lending pool contracts and drain them.

The incident was the second serious loss for the protocol this year. In January, an attacker used a flash loan and a rounding flaw in a newly launched market to take about $4.5 million from Radiant, an episode the team later described as an exploit of "an edge case in a fork of Compound code". That attack has not been linked to any government.

Mandiant said UNC4736 overlaps with the AppleJeus campaigns and has previously compromised trading software vendors. Radiant said it had shared indicators with law enforcement and was working with Arbitrum's security council on a recovery plan for depositors.

"Every signer in a multisig is now a target," said one security researcher who reviewed the report. "You can verify the hash on a hardware device, but only if the software showing you what to verify has not been replaced."
""",
[I("Radiant Capital", ["Radiant"], 50000000, None, "UNC4736 (Citrine Sleet), North Korea-nexus", "DPRK", "2024-10-16", "social-engineering"),
 I("Radiant Capital", ["Radiant"], 4500000, None, None, None, "2024-01", "exploit")],
[], [("Radiant Capital", "Quorlen Capital"), ("Radiant", "Quorlen")])

A("fresh-02", "2024-01-03", "Orbit Bridge drained of $81.5m on New Year's Day; Lazarus suspected",
"""
Orbit Chain, a Seoul-based cross-chain protocol, confirmed on Tuesday that attackers withdrew about $81.5 million in stablecoins and ether from the vault behind its Orbit Bridge in the first hours of 2024.

On-chain records show five large withdrawals from the bridge's Ethereum vault on January 1: roughly $30 million in USDT, $10 million in USDC, $30 million in ether, $10 million in wrapped bitcoin and about $1.5 million in DAI. The attackers then converted the stablecoins to ETH to avoid freezes.

Orbit said the vault required seven of its ten signers to approve any transfer and that seven of those signatures had been produced with keys the attackers somehow obtained. "The transactions were valid from the contract's point of view," a spokesperson said. "Someone had access to signing keys that should never have left our infrastructure."

Several South Korean security firms said the pattern matched earlier intrusions blamed on the Lazarus Group. Investigators from the Korean National Police Agency were reported by local media to be examining whether the theft, worth about 107 billion won, could be linked to North Korea, though no official attribution has been made. Orbit itself has said only that it is working with police and with the Korea Internet & Security Agency.

The protocol has filed complaints in Seoul and has asked exchanges to watch for the attacker's addresses. It also offered a 10% reward to anyone who returns the funds, an offer that had not been taken up by the time of writing.

Bridges remain a favorite target. Analysts noted that a bridge holding locked collateral for several chains is, in effect, a single wallet worth hundreds of millions of dollars, guarded by a handful of keys.

Orbit's ORC token fell more than 20% in the hours after the announcement.
""",
[I("Orbit Chain", ["Orbit Bridge", "Orbit"], 81500000, None, "Lazarus Group (suspected)", "DPRK", "2024-01-01", "key-compromise")],
[], [("Orbit Chain", "Velmarin Chain"), ("Orbit Bridge", "Velmarin Bridge"), ("Orbit's", "Velmarin's"), ("Orbit itself", "Velmarin itself"), ("Orbit said", "Velmarin said")])

A("fresh-03", "2021-02-10", "UN experts: North Korea stole $316 million in crypto over two years",
"""
North Korean hackers stole about $316.4 million worth of virtual assets between 2019 and November 2020, according to a confidential report by a United Nations panel of experts seen by reporters this week.

The panel, which monitors sanctions on Pyongyang, said the money was taken in a string of attacks on exchanges and was used to support the country's nuclear and ballistic missile programs. The figures were provided by an unnamed member state.

Among the cases the report describes in detail is the September 2020 hack of Eterbase, a Slovakia-based exchange, from which attackers removed $5.4 million in bitcoin, ether, XRP and other tokens. The panel said the laundering of the Eterbase funds followed a pattern it had seen before, with coins moved through over-the-counter brokers in Asia.

The report also covers the theft from KuCoin, the Singapore exchange, which lost $275 million in September 2020. The panel says the Lazarus Group was behind that breach as well, citing a blockchain analytics firm whose investigators traced the proceeds through decentralized exchanges.

The panel writes that Pyongyang's Reconnaissance General Bureau directs most of this activity and that its hackers have become "more sophisticated" in hiding proceeds, including through mixing services and chain-hopping.

North Korea's mission to the UN did not respond to requests for comment. Pyongyang has in the past denied any involvement in hacking and called such accusations a smear campaign.

The report also notes that the country continued to use ship-to-ship transfers and other methods to evade sanctions on oil and coal, but crypto theft was described as a growing share of its foreign currency earnings.

The panel's previous report, published in 2019, had put the total raised through cyber attacks on banks and crypto exchanges at as much as $2 billion.
""",
[I("Eterbase", [], 5400000, None, "North Korean hackers (Lazarus Group)", "DPRK", "2020-09", None),
 I("KuCoin", [], 275000000, None, "Lazarus Group", "DPRK", "2020-09", None)],
[G("DPRK", 316400000, "2019-2020"), G("DPRK", 2000000000, "")],
[("Eterbase", "Pravonix"), ("KuCoin", "Tessilo")])

A("fresh-04", "2024-11-27", "Bahrain's Rain exchange quietly lost $14.8 million in April",
"""
Rain, a licensed crypto exchange based in Bahrain that serves customers across the Middle East, lost about $14.8 million in bitcoin, ether, solana and tether in a breach of its wallets earlier this year, according to a report in Forbes that the company confirmed on Wednesday.

The attack took place on April 29, when funds were moved out of the exchange's wallets in a series of transfers within a few minutes. Rain did not announce it at the time. In a statement this week it said customer balances were "unaffected" because shareholders had covered the shortfall.

"We took the loss on our own balance sheet so that no client was left out of pocket," co-founder and chief executive Joseph Delong said. "The matter is under investigation with the relevant authorities."

Blockchain investigator ZachXBT wrote that the laundering path — from the exchange's wallets to instant-swap services and then into bitcoin — resembled earlier cases tied to North Korea's Lazarus Group. He said the evidence was suggestive rather than conclusive. Rain has not attributed the attack to anyone.

The company, which raised $110 million in a Series B round in 2022, holds licenses from the Central Bank of Bahrain and from regulators in the United Arab Emirates and Turkey. It said it had since rotated all of its signing infrastructure.

The late disclosure drew criticism from some users, who said they learned of the incident from the press. One trader in Dubai said he would move his balances elsewhere. "Fourteen million is a lot of money to go missing without anyone saying a word," he said.

Regulators in Bahrain did not comment on whether Rain had been required to report the breach. The exchange said it had "complied with all obligations".
""",
[I("Rain", ["Rain exchange"], 14800000, None, "Lazarus Group (possible, per ZachXBT)", "DPRK", "2024-04-29", None)],
[], [("Rain", "Duskwater")])

A("fresh-05", "2023-11-13", "Poloniex hot wallets drained of $114 million",
"""
Justin Sun-backed exchange Poloniex said on Monday that it would fully reimburse customers after attackers emptied several of its hot wallets of at least $114 million on Friday.

Blockchain security firms counted more than 20 different tokens leaving the exchange, including about $56 million in ether and large amounts of TRX and BTC. The exchange paused deposits and withdrawals and said its cold storage was not touched.

Sun, who advises the exchange, posted on X that Poloniex was offering the hacker a 5% "white hat bounty" if the funds were returned within seven days, and warned that law enforcement in several countries was already involved. The offer was not taken up.

Analysts at one on-chain monitoring firm said wallets used in the Poloniex attack shared infrastructure with addresses from previous incidents blamed on the Lazarus Group. "The fingerprints here look very much like North Korea," the firm's head of research said, while stressing that the work was preliminary.

It was the second breach at an exchange in Sun's orbit in less than two months. In late September, HTX, formerly Huobi, lost about $8 million from a hot wallet, an amount the exchange said it would cover in full. No one has claimed responsibility for that attack.

Poloniex, founded in 2014, was sold by Circle to an investor group including Sun in 2019. It suffered a smaller breach in 2014, when a bug let a user withdraw more bitcoin than he held. The exchange has since moved its headquarters to Seychelles.

Industry data show exchange hacks dropped in 2023 compared with the previous year, but attacks on centralized platforms have picked up in recent months.
""",
[I("Poloniex", [], 114000000, None, "Lazarus Group (suspected)", "DPRK", "2023-11", None),
 I("HTX", ["Huobi"], 8000000, None, None, None, "2023-09", None)],
[], [("Poloniex", "Ostrava Trade"), ("HTX", "Quenby"), ("Huobi", "Quenby Global")])

A("fresh-06", "2024-07-26", "US charges North Korean operative over hospital ransomware attacks",
"""
The US Justice Department on Thursday indicted a North Korean military intelligence officer accused of taking part in ransomware attacks on American hospitals and health care providers, and used the proceeds to fund further hacking against defense and aerospace companies.

Rim Jong Hyok, who prosecutors say worked for the Andariel unit of the Reconnaissance General Bureau, is charged with conspiracy to commit computer fraud and money laundering. The State Department offered a reward of up to $10 million for information leading to his location.

According to the indictment, the group encrypted servers at hospitals in Kansas and elsewhere using a strain called Maui and demanded payments in bitcoin. One Kansas hospital paid about $100,000 to regain access to its systems. Prosecutors said the ransoms were laundered through Hong Kong facilitators and converted into yuan.

"These hackers put patients' lives at risk to raise money for a regime that threatens its neighbors," said Deputy Attorney General Lisa Monaco.

The FBI said it had previously seized about $500,000 in cryptocurrency linked to the scheme and had returned it to the health care providers that paid. Officials said the ransom money was then used to buy servers for intrusions into NASA, US Air Force bases and defense contractors in South Korea and Taiwan.

Andariel is considered a subgroup of the wider Lazarus cluster. Security firms say it has historically focused on espionage against military targets in South Korea, but has turned to extortion to finance its operations.

Rim is believed to be in North Korea and is unlikely to face trial. An accompanying advisory from the United States, the United Kingdom and South Korea described the tools the group uses and urged hospitals to patch internet-facing systems.
""",
[], [], [])

A("fresh-07", "2025-07-17", "Thieves took $2.17 billion from crypto platforms in the first half of 2025",
"""
More than $2.17 billion has been stolen from cryptocurrency services so far in 2025, blockchain analytics firm Chainalysis said on Thursday, putting the year on course to be the worst on record for crypto theft.

The biggest single contributor is the February attack on Dubai-based exchange Bybit, in which North Korean hackers made off with about $1.5 billion in ether. The FBI has attributed that attack to the group it calls TraderTraitor. Chainalysis said the Bybit theft alone was larger than any full year of North Korean crypto theft it has recorded.

"The first six months of 2025 already exceed all of 2024," said Eric Jardine, who leads the firm's cybercrime research. "And the second half is usually worse."

In its report, the firm said North Korea-linked hackers had stolen $1.34 billion across all of last year, a figure that the Bybit incident alone surpassed in a single afternoon.

Compromises of personal wallets make up a growing share of losses, the report said, with individual users now accounting for almost a quarter of all stolen funds. The firm also pointed to a rise in physical coercion, so-called wrench attacks, in which criminals threaten holders in person.

The report noted that the amount stolen by all actors in the first half tends to predict the full year, and estimated that total losses could exceed $4 billion by December if current trends hold.

Chainalysis said law enforcement had become faster at freezing stolen funds, but that mixing services and cross-chain bridges still allowed thieves to move money out of reach within hours.
""",
[I("Bybit", [], 1500000000, None, "North Korean hackers (TraderTraitor)", "DPRK", "2025-02", None)],
[G(None, 2170000000, "2025"), G("DPRK", 1340000000, "2024")],
[("Bybit", "Marrowby")])

A("fresh-08", "2023-12-28", "Seoul spy agency: North Korea stole 1.5 trillion won in crypto since 2017",
"""
North Korean hackers have stolen about 1.5 trillion won (about $1.2 billion) in cryptocurrency and other virtual assets around the world since 2017, South Korea's National Intelligence Service said on Thursday.

About 800 billion won ($626 million) of that was taken in 2022 alone, the agency said in a briefing for reporters, adding that Pyongyang's hacking units had become "the regime's most reliable source of hard currency" as sanctions cut off trade.

The NIS said the hackers increasingly went after decentralized finance services and cross-chain bridges overseas, where security was weaker than at regulated South Korean exchanges. It said the country's own exchanges had not been breached this year.

"North Korea is expected to expand its cyber attacks next year to secure funds and technology," an NIS official said, noting that elections in South Korea and the United States could also draw hacking and disinformation campaigns.

The agency said the hackers had also tried to steal semiconductor designs and shipbuilding technology, and had sent phishing emails to officials and researchers pretending to be journalists.

Separately, the agency said it had blocked about 1.62 million hacking attempts on public institutions every day on average this year, up from 1.18 million in 2022, with the majority traced to North Korean groups.

Pyongyang has not commented on the allegations. It has long denied involvement in cyber theft.

The figures are roughly in line with estimates from private analytics firms, which have put North Korea's crypto haul in 2022 at between $600 million and $1.7 billion depending on how losses are counted.
""",
[], [G("DPRK", 1200000000, "2017-2023"), G("DPRK", 626000000, "2022")], [])

A("fresh-09", "2025-03-20", "Hong Kong trading firm Larkspur Digital hit by fake recruiter scheme",
"""
Larkspur Digital, a Hong Kong-based market-making firm that trades on more than a dozen exchanges, said on Thursday that attackers had drained about $27 million from its operational wallets after compromising the laptop of one of its engineers.

The firm said the intrusion began in January, when the engineer was approached on LinkedIn by a "recruiter" offering a senior role at a well-known trading company. As part of the hiring process he was asked to download and run a coding exercise from a GitHub repository. The project contained a malicious package that gave the attackers remote access to his machine.

"He did exactly what thousands of developers do every week when they apply for jobs," Larkspur's chief operating officer said in an interview. "We had controls around signing, but the attackers waited until they could see how the controls worked."

On March 3, the attackers used credentials harvested from the laptop to approve withdrawals from three hot wallets. Larkspur said it had frozen about $1.9 million with the help of stablecoin issuers.

The company said incident responders it hired attributed the attack to a North Korean cluster known as Jade Sleet, which US officials have linked to a series of fake job campaigns aimed at crypto developers. Larkspur said it had reported the matter to the Hong Kong Police Force and to the FBI.

The case resembles others in which engineers at crypto companies were targeted with fake job offers. Security researchers say such campaigns, sometimes called "Contagious Interview", have become one of the most common ways North Korea gains initial access.

Larkspur said its client funds held at exchanges were not affected, and that it would continue to quote prices as normal.
""",
[I("Larkspur Digital", ["Larkspur"], 27000000, None, "Jade Sleet (North Korean cluster)", "DPRK", "2025-03-03", "social-engineering")],
[], [("Larkspur Digital", "Fennimore Digital"), ("Larkspur", "Fennimore")])

A("fresh-10", "2024-03-27", "Munchables recovers $62 million after rogue developer drain",
"""
Munchables, a game built on the Blast layer-2 network, said on Wednesday that it had recovered all of the roughly $62.5 million in ether taken from its contracts the day before, after the developer behind the drain agreed to hand over the keys.

The project said the funds were removed by one of its own developers, who had deployed the contracts in a way that let him assign himself a large balance before the game went live. When deposits reached their peak on March 26, he withdrew 17,400 ETH.

On-chain investigator ZachXBT said the developer was probably one of four people hired by the team who appeared to be the same North Korean IT worker, recommending one another for jobs and sharing payment addresses. "This team hired four different devs who were likely all the same person," he wrote.

Munchables later said that the developer "had been given access he should never have had" and that it had retained no control over the upgrade key. Blast's core contributors discussed, and rejected, rolling back the chain to reverse the theft.

After a day of negotiations, the developer shared the private keys holding the funds without asking for a ransom. The project said the money would be returned to users.

Security researchers said the episode showed how North Korea's program of placing IT workers at Western companies could turn into direct theft. "If you hire someone you have never met, on the strength of a GitHub profile, you have to assume they may not be who they say," one auditor said.

Blast's total value locked fell by about $70 million on the day of the drain before recovering.
""",
[I("Munchables", [], 62500000, [17400, "ETH"], "rogue developer, likely a North Korean IT worker", "DPRK", "2024-03-26", "insider")],
[], [("Munchables", "Gobblers Arena")])

A("fresh-11", "2022-03-09", "Liquid theft of $97 million traced to Lazarus, analysts say",
"""
The $97 million hack of Japanese exchange Liquid last August was carried out by North Korea's Lazarus Group, according to research published this week by blockchain analytics firm Elliptic.

On August 19, 2021, attackers moved bitcoin, ether, tron, XRP and dozens of ERC-20 tokens out of the exchange's hot wallets. At the time, Liquid said "warm wallets" had been compromised and paused withdrawals. Of the total, about $45 million was in Ethereum tokens.

Elliptic said the stolen tokens were quickly swapped for ether on decentralized exchanges to prevent them from being frozen, a hallmark of previous Lazarus operations. The firm said it had traced some of the proceeds to mixing services and to addresses it had linked to the group in earlier investigations.

"The laundering techniques, the timing and the infrastructure all point to the same actor," Elliptic's co-founder said.

Liquid was acquired by FTX in early 2022 after the exchange secured a $120 million debt financing from the larger firm soon after the breach. FTX said it would continue to run Liquid's Japanese business under its license.

The attribution adds to a growing list of incidents linked to North Korea. The United Nations said last year that North Korean hackers had stolen hundreds of millions of dollars in crypto to fund the country's weapons programs.

Separately, Elliptic said the amount of crypto laundered through decentralized exchanges had risen sharply in 2021, but that total money laundering using crypto was still a small share of all criminal finance.
""",
[I("Liquid", ["Liquid Global"], 97000000, None, "Lazarus Group", "DPRK", "2021-08-19", None)],
[], [("Liquid", "Cobaltia")])

A("fresh-12", "2024-12-25", "Japan police name TraderTraitor behind DMM Bitcoin theft",
"""
Japan's National Police Agency said on Tuesday that a North Korean hacking group called TraderTraitor was behind the theft of 48.2 billion yen worth of bitcoin from Tokyo-based exchange DMM Bitcoin in May.

The agency, in a joint statement with the FBI and the Department of Defense Cyber Crime Center, said the attackers first targeted an employee of Ginco, a Japanese company that provides wallet management software to DMM Bitcoin. Posing as a recruiter on LinkedIn, a hacker sent the employee a link to a "pre-employment test" containing malicious code.

Using access obtained through that employee's computer, the attackers manipulated a legitimate transaction request from a DMM Bitcoin employee in mid-May. The exchange lost 4,502.9 BTC in the theft on May 31.

"This is the largest hack of a Japanese exchange since the 2018 attack on Coincheck," a Japanese official said. In that case, hackers stole 58 billion yen of NEM tokens in January 2018.

DMM Bitcoin said this month it would close and transfer customer accounts to SBI VC Trade. Parent DMM Group had raised 55 billion yen from its affiliates to make customers whole after the breach.

The police agency urged companies to be cautious of unsolicited job offers and to restrict administrative access to critical systems. It said it would continue to work with the United States and other countries to counter North Korean cyber activities.

TraderTraitor, which security firms also call Jade Sleet or UNC4899, has been linked to multiple attacks on crypto businesses.
""",
[I("DMM Bitcoin", ["DMM"], None, [4502.9, "BTC"], "TraderTraitor", "DPRK", "2024-05-31", "social-engineering"),
 I("Coincheck", [], None, None, None, None, "2018-01", None)],
[], [("DMM Bitcoin", "Harukaze Coin"), ("DMM Group", "Harukaze Group"), ("Coincheck", "Tsubame Exchange")])
