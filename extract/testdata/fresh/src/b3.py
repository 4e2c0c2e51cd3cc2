from lib import *

A("fresh-29", "2025-06-19", "US files to seize $225 million in USDT tied to investment scams",
"""
The US Justice Department on Wednesday filed a civil forfeiture complaint to seize about $225.3 million in the stablecoin USDT that prosecutors say was linked to so-called pig-butchering scams, the largest cryptocurrency seizure in the history of the US Secret Service.

Prosecutors said the funds were traced through a laundering network of more than 144 accounts that moved money from hundreds of scam victims. Victims were contacted on dating apps and messaging services, befriended over weeks and then persuaded to "invest" in fake trading platforms.

"These criminals prey on the trust of ordinary people," said US Attorney Jeanine Pirro. "Today we are taking back their money."

Tether, the stablecoin's issuer, froze the tokens at the government's request, and OKX helped investigators trace the flows, officials said. The FBI identified more than 400 suspected victims so far, including people who lost retirement savings.

The forfeiture complaint does not charge any individual with a crime. Authorities said the money would be returned to victims through a remission process once a court approves the forfeiture.

Investment scams run from compounds in Southeast Asia cost Americans billions of dollars a year, according to FBI figures. Many of the workers in those compounds are themselves victims of human trafficking.

The action follows a 2023 seizure of $9 million from a similar network and a series of sanctions on operators in Myanmar and Cambodia.
""",
[], [], [])

A("fresh-30", "2025-02-25", "OKX pleads guilty, agrees to pay $504 million over US compliance failures",
"""
Seychelles-based cryptocurrency exchange OKX pleaded guilty on Monday to operating an unlicensed money transmitting business and agreed to pay more than $504 million in penalties, the US Justice Department said.

Prosecutors said the exchange served US customers between 2018 and early 2024 in violation of its own policies and processed more than $1 trillion in transactions for them, including some linked to suspicious and criminal activity.

OKX will forfeit about $421 million in fees earned from US customers and pay a fine of $84.4 million. It also agreed to retain an outside compliance consultant until 2027.

"OKX knowingly chose to serve American customers while ignoring the rules designed to keep criminals out of our financial system," said Acting US Attorney Matthew Podolsky.

In a statement, OKX said it was pleased to resolve the matter and that no customers had been harmed. "This was a historic issue that does not reflect our current practices," the company said, adding that it had strengthened its know-your-customer checks.

The settlement follows similar cases against Binance, which agreed in 2023 to pay $4.3 billion, and against the founders of BitMEX.

OKX has been expanding in regulated markets, obtaining licenses in the European Union, Dubai and Singapore, and has announced plans to re-enter the US market.
""",
[], [], [])

A("fresh-31", "2022-06-02", "Whitehat earns $6 million for finding Aurora bridge bug",
"""
A security researcher known as pwning.eth has received a $6 million bounty for reporting a critical vulnerability in the Aurora Engine, the Ethereum-compatible environment that runs on the NEAR blockchain, bug bounty platform Immunefi said.

The flaw, found in April, could have allowed an attacker to drain more than $200 million in assets locked in the Rainbow Bridge that connects Aurora to Ethereum. The researcher reported it privately and Aurora fixed it within hours. No funds were lost.

"This is exactly the outcome the bounty system is designed to produce," Immunefi founder Mitchell Amador said. "Someone found a bug that could have led to a catastrophic hack, and instead of exploiting it, they got paid to disclose it."

The payout, made in Aurora tokens, is among the largest in the history of crypto bug bounties. Earlier this year, a researcher received $10 million for reporting a bug in Wormhole, a cross-chain messaging protocol, and another was paid $2 million by Polygon.

Immunefi says it has paid out more than $60 million in bounties since it launched, and that the rewards it handles have helped prevent losses worth billions of dollars.

The vulnerability involved how the engine handled a specific kind of internal call, which under certain conditions could credit an account with ether it did not have.

Aurora said it had reviewed all transactions since launch and found no sign that anyone had tried to use the flaw before it was fixed.
""",
[], [], [])

A("fresh-32", "2024-12-20", "Bitcoin tumbles below $93,000 as hawkish Fed wipes out $1.1 billion in bets",
"""
Bitcoin fell below $93,000 on Thursday, extending a slide that began after the Federal Reserve signaled fewer interest rate cuts next year, and traders who had bet on further gains saw about $1.1 billion in leveraged positions wiped out.

The largest cryptocurrency had touched a record above $108,000 on Tuesday. It dropped as much as 8% in 24 hours, while ether lost 11% and solana more than 12%. The total value of crypto assets shrank by roughly $300 billion over two days.

"The market got ahead of itself," said a strategist at a London brokerage. "A lot of people piled into leverage after the election, and the Fed gave them a reason to take profits."

Data from CoinGlass showed that long positions accounted for more than 80% of liquidations, with the largest single order, worth about $20 million, closed on the exchange Binance.

Exchange-traded funds that hold bitcoin saw their first outflows in weeks, with investors pulling $680 million on Thursday alone, according to data from Farside Investors.

Some analysts said the sell-off was a healthy correction after a rally that had taken bitcoin up more than 50% since early November. Others warned that the market could fall further if stock markets continue to weaken.

Smaller tokens were hit hardest. Dogecoin lost 15% and several memecoins dropped by a third in a single session.
""",
[], [], [])

A("fresh-33", "2025-04-08", "Blockchain security startup Sentrylane raises $30 million",
"""
Sentrylane, a startup that monitors blockchain transactions for signs of attacks, has raised $30 million in a Series B round led by Paradigm, the company said on Tuesday.

The New York-based firm sells software that watches smart contracts and wallets in real time and can automatically pause a protocol when it detects a suspicious transaction. It says it already protects assets worth more than $20 billion for its clients.

Demand for such tools has grown as attacks have become larger. Hackers stole more than $2.2 billion from crypto platforms in 2024, according to Chainalysis, up about 21% from the year before.

"Audits happen before launch. Attacks happen after," said Sentrylane's chief executive, Dana Whitlock. "Our job is to be watching at the moment someone tries to break in."

The company said it would use the money to hire engineers and expand in Asia, where many exchanges and protocols are based. Existing investors including Dragonfly and Coinbase Ventures joined the round.

Sentrylane was founded in 2022 by former engineers from a major cloud security company. It has about 60 employees.

Investors have put more money into crypto security startups this year, even as overall venture funding for the sector remains below its 2021 peak.
""",
[], [G(None, 2200000000, "2024")], [])

A("fresh-34", "2025-05-09", "Celsius founder Mashinsky sentenced to 12 years for fraud",
"""
Alex Mashinsky, the founder of collapsed crypto lender Celsius Network, was sentenced on Thursday to 12 years in prison for defrauding customers and manipulating the price of the company's token.

Mashinsky, 59, pleaded guilty in December to two counts of fraud. Prosecutors had sought 20 years, saying he lied to customers about the safety of their deposits while secretly selling his own tokens for about $48 million.

"He took their savings and gambled with them," Assistant US Attorney Allison Nichols told the court. "The victims trusted him, and he stole their future."

Celsius froze customer withdrawals in June 2022 and filed for bankruptcy a month later, owing users about $4.7 billion. Many customers have since received part of their money back through the bankruptcy process.

US District Judge John Koeltl said Mashinsky had shown "no real remorse" and that the harm to thousands of people was enormous. Several victims spoke at the hearing, describing lost homes and retirement funds.

Mashinsky's lawyers had asked for a sentence of no more than one year, arguing that he had believed in the company and had not intended to cause losses.

Celsius was one of several crypto lenders that collapsed in 2022 alongside the failure of the Terra stablecoin and the exchange FTX, whose founder Sam Bankman-Fried is serving a 25-year sentence.
""",
[], [], [])

A("fresh-35", "2024-04-24", "UnitedHealth confirms it paid ransom to hackers after Change Healthcare attack",
"""
UnitedHealth Group said on Monday that it had paid a ransom to cyber criminals to protect patient data after an attack on its Change Healthcare unit in February, and that files containing personal information on a substantial share of Americans may have been taken.

The company did not confirm the amount, but a payment of 350 bitcoin, worth about $22 million at the time, was visible on the blockchain in March going to a wallet linked to the ALPHV ransomware gang, also known as BlackCat.

"This attack was conducted by malicious threat actors, and we continue to work with law enforcement to investigate," chief executive Andrew Witty said. He later told Congress that the attackers got in through a remote access portal that did not have multifactor authentication.

The attack disrupted payments and prescriptions at pharmacies and hospitals across the United States for weeks. UnitedHealth said the total cost of the incident could exceed $1.6 billion this year.

A second group, RansomHub, later claimed to hold some of the stolen data and demanded another payment, saying an affiliate had not been paid its share by ALPHV.

Security researchers said paying ransoms encourages further attacks, but many companies pay to restore systems or to keep data from being published.

ALPHV shut down its operations soon after receiving the payment, in what researchers described as an exit scam.
""",
[], [], [])

A("fresh-36", "2023-01-27", "Crypto investor Michael Terpin wins $22 million verdict over SIM-swap theft",
"""
A New York jury has ordered a man who took part in a 2018 SIM-swap attack on cryptocurrency investor Michael Terpin to pay him about $22 million, Terpin's lawyers said on Thursday.

Terpin, a founder of the blockchain advisory firm Transform Group, lost about $24 million in cryptocurrency in January 2018 after attackers persuaded a mobile phone store employee to transfer his phone number to a SIM card they controlled. With control of his number, they reset passwords and reached the accounts holding his tokens.

Ellis Pinsky, who was 15 at the time of the theft, was one of the people involved. He later returned some of the funds and has said he regrets his role. The award includes damages under the federal racketeering law.

"This sends a message that hiding behind a keyboard does not protect you," Terpin said after the verdict.

Terpin has separately sued AT&T, his mobile carrier, arguing that the company failed to protect his account. A federal court is still weighing that case.

Another participant, Nicholas Truglia, was ordered in 2019 to pay Terpin $75.8 million in a separate civil case in California. Truglia was later sentenced to prison for his role in a different SIM-swap scheme.

SIM swapping remains a common way to take over online accounts, security experts say, and crypto holders are a favorite target because stolen tokens can be moved quickly and are hard to recover.
""",
[I("Michael Terpin", ["Terpin"], 24000000, None, "SIM-swap attackers including Ellis Pinsky", None, "2018-01", "social-engineering")],
[], [("Michael Terpin", "Everett Lisgar"), ("Terpin's", "Lisgar's"), ("Terpin", "Lisgar")])
