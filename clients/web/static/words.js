// Plain words for the values the API uses, shared by the staff screens.

// shuttle.cases.models.OffenceCategory, in plain words.
export const OFFENCE_WORDS = {
  violence: "Violence",
  robbery: "Robbery",
  burglary: "Burglary",
  theft: "Theft",
  criminal_damage: "Criminal damage",
  fraud: "Fraud",
  driving: "Driving offence",
  sexual: "Sexual offence",
  domestic_abuse: "Domestic abuse",
  hate_crime: "Hate crime",
  homicide: "Homicide",
  other: "Something else",
};

// shuttle.cases.models.RiskFlag, in plain words.
export const RISK_WORDS = {
  domestic_abuse: "Domestic abuse",
  sexual_offence: "Sexual offence",
  hate_crime: "Hate crime",
  self_harm_risk: "Risk of self-harm",
  harassment_history: "History of harassment",
  child_involved: "A child is involved",
  vulnerable_adult: "A vulnerable adult is involved",
};
// shuttle.cases.models.HIGH_RISK_FLAGS
export const HIGH_RISK = ["domestic_abuse", "sexual_offence", "hate_crime"];

export const STATUS_WORDS = { open: "Open", paused: "Paused", closed: "Closed" };

export function words(table, value) {
  return table[value] || value.replaceAll("_", " ");
}
