package extract

// listID names a word list of rules.yaml; each is one bit of a word's mask.
type listID uint8

// The lists the extractor reads. A rules file may add words to any of them,
// and patterns may name them with @list.
const (
	lTheftVerbs listID = iota
	lTheftNouns
	lTheftPhrases
	lVictimVerbs
	lVictimPassive
	lVictimPassiveBare
	lVictimLossVerbs
	lVictimTellVerbs
	lNotTheft
	lMarketMoves
	lLookalike
	lHypothetical
	lNegations
	lHedges
	lConfirmers
	lAttributionVerbs
	lHackerNouns
	lActorAnaphora
	lVictimAnaphora
	lVenueNouns
	lVenueDescriptors
	lNotNames
	lGeo
	lNonCryptoVictims
	lAggregateCues
	lProjection
	lSeparateEvent
	lPersonTitles
	lModals
	lVictimSayVerbs
	lAggregateWeakCues
	lTheftPlurals
	lVictimHaltVerbs
	lTheftBeforeMoney
	lPeopleNouns
	lServesVerbs
	lLossWords
	lNonTheftLoss
	lMotionVerbs
	numLists
)

// Bits for words that start a phrase of some set, so a phrase lookup is only
// tried where one can match.
const (
	pActorAna listID = numLists + iota
	pVictimAna
	pPhrase
	pCurrency
	pGazetteer
	pQualifier
	pTechnique
	pOtherUSD
	pScale // a number scale word ("million", "bn")
	pCoin  // a coin name or ticker
	pDate  // a lower-case word that starts a relative date
	pStart // a word a victim pattern can start with (Extractor.firstWords)
	pWorth // "worth" or "valued": an amount's wording
)

// listNameTable gives the rules.yaml keys of the lists, in listID order.
func listNameTable() [numLists]string {
	return [numLists]string{"theft_verbs", "theft_nouns", "theft_phrases", "victim_verbs", "victim_passive", "victim_passive_bare", "victim_loss_verbs", "victim_tell_verbs", "not_theft", "market_moves", "lookalike", "hypothetical", "negations", "hedges", "confirmers", "attribution_verbs", "hacker_nouns", "actor_anaphora", "victim_anaphora", "venue_nouns", "venue_descriptors", "not_names", "geo", "non_crypto_victims", "aggregate_cues", "projection", "separate_event", "person_titles", "modals", "victim_say_verbs", "aggregate_weak_cues", "theft_plurals", "victim_halt_verbs", "theft_before_money", "people_nouns", "serves_verbs", "loss_words", "non_theft_loss", "motion_verbs"}
}
