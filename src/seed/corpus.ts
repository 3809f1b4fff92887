/**
 * The seed's words: people's names, and the texts of conversations. Message texts mix common
 * words (in a large share of calls) with rare ones (in about one call in six thousand each), so
 * full-text benchmarks can query both ends of the frequency range.
 */
import type { Sender } from '../contract/vocabulary.js';
import type { Random } from './random.js';

/** A word present in roughly half the calls (benchmarks' "common word" search). */
export const COMMON_WORD = 'order';
/** Words each present in about one call in six thousand (benchmarks' "rare word" search). */
export const RARE_WORDS = [
  'quetzal',
  'zeppelin',
  'marzipan',
  'obsidian',
  'kumquat',
  'tamarind',
  'gazebo',
  'sextant',
  'periscope',
  'xylophone',
  'tourmaline',
  'nautilus',
  'monsoon',
  'wombat',
  'harpsichord',
  'saffron',
  'mandolin',
  'cormorant',
  'juniper',
  'labyrinth',
] as const;
const RARE_PER_MESSAGE = 0.0025;

export const FIRST_NAMES = [
  'James',
  'Mary',
  'Robert',
  'Patricia',
  'John',
  'Jennifer',
  'Michael',
  'Linda',
  'David',
  'Elizabeth',
  'William',
  'Barbara',
  'Richard',
  'Susan',
  'Joseph',
  'Jessica',
  'Thomas',
  'Sarah',
  'Carlos',
  'Lucía',
  'Javier',
  'María',
  'Sofía',
  'Mateo',
  'Hannah',
  'Lukas',
  'Emma',
  'Leon',
  'Chloé',
  'Louis',
  'Amélie',
  'Oliver',
  'Amelia',
  'Harry',
  'Isla',
  'Noah',
  'Priya',
  'Arjun',
  'Yuki',
  'Wei',
  'Fatima',
  'Omar',
  'Ingrid',
  'Sven',
  'Aisha',
  'Kwame',
  'Zoë',
  'Mikael',
  'Giulia',
  'Marco',
];
export const LAST_NAMES = [
  'Smith',
  'Johnson',
  'Williams',
  'Brown',
  'Jones',
  'Garcia',
  'Miller',
  'Davis',
  'Rodriguez',
  'Martinez',
  'Hernández',
  'López',
  'González',
  'Wilson',
  'Anderson',
  'Taylor',
  'Thomas',
  'Moore',
  'Jackson',
  'Martin',
  'Müller',
  'Schmidt',
  'Schneider',
  'Fischer',
  'Weber',
  'Dubois',
  'Moreau',
  'Laurent',
  'Bernard',
  'Rossi',
  'Russo',
  'Ferrari',
  'Patel',
  'Singh',
  'Tanaka',
  'Chen',
  'Wang',
  'Nakamura',
  'Okafor',
  'Mensah',
  'Andersson',
  'Nielsen',
  'Kowalski',
  "O'Brien",
];

const GREETINGS = [
  'Hello, thanks for contacting us. How can I help you today?',
  'Hi there, this is your support assistant. What can I do for you?',
  'Good morning, you are through to customer care. How may I help?',
  'Thanks for reaching out. Could you tell me what this is about?',
];
const CUSTOMER_OPENERS = [
  'Hi, I am calling about my order {ref}, it has not arrived yet.',
  'Hello, I was charged twice for the same order and would like a refund.',
  'I need to change the delivery address on my account.',
  'My internet connection keeps dropping every evening since Monday.',
  'Can you tell me when my package will be delivered?',
  'I want to cancel my subscription, it is too expensive for me.',
  'The invoice I received this month looks wrong, the amount is higher than usual.',
  'I cannot log in to my account, the password reset email never arrives.',
  'I would like to upgrade my plan, what options do I have?',
  'The product I received is damaged and I would like to return it.',
];
const AGENT_TURNS = [
  'I am sorry to hear that. Let me check the status of your order right away.',
  'Could you please confirm the email address on the account?',
  'Thank you. I can see the order here, it left our warehouse yesterday.',
  'I have issued a refund, you should see it on your statement within five business days.',
  'I have updated the address, the change applies to all open orders.',
  'Let me run a quick test on the line, this will take a moment.',
  'I can offer you a discount for the next three months if you decide to stay.',
  'I have sent a new password reset link, please check your spam folder as well.',
  'The upgrade is active now, the new price shows on your next invoice.',
  'I have created a return label, you will receive it by email in a few minutes.',
  'Is there anything else I can help you with today?',
];
const CUSTOMER_TURNS = [
  'Yes, the email is the one I used for the order.',
  'Thanks, that is helpful.',
  'How long will that take?',
  'Okay, and will I get a confirmation email?',
  'That works for me, thank you.',
  'No, that is all for today.',
  'Sorry, could you repeat the reference number please?',
  'Great, I will keep an eye on the tracking link.',
  'I already tried that twice and it did not work.',
  'Perfect, thanks for your help.',
];
const CLOSINGS = [
  'You are welcome. Have a great day!',
  'Thank you for contacting us, goodbye.',
  'Glad I could help. Take care!',
  'Your case is resolved. Thanks for your patience.',
];

function sprinkleRare(rnd: Random, text: string): string {
  return rnd.chance(RARE_PER_MESSAGE) ? `${text} Reference ${rnd.pick(RARE_WORDS)}.` : text;
}

/** The customer's first words, quoting an order reference. */
function customerOpener(rnd: Random): string {
  return rnd.pick(CUSTOMER_OPENERS).replace('{ref}', `A${rnd.between(10_000, 99_999)}`);
}

/** Message `i` of `count` in a conversation. */
export function messageText(rnd: Random, i: number, count: number, sender: Sender): string {
  let text: string;
  if (i === 0) text = rnd.pick(GREETINGS);
  else if (i === 1) text = customerOpener(rnd);
  else if (i === count - 1 && count > 3) text = rnd.pick(CLOSINGS);
  else text = sender === 'agent' ? rnd.pick(AGENT_TURNS) : rnd.pick(CUSTOMER_TURNS);
  return sprinkleRare(rnd, text);
}

/** A voice call's transcription, as the recogniser would give it. */
export function transcriptionText(rnd: Random): string {
  return sprinkleRare(rnd, `${rnd.pick(GREETINGS)} ${customerOpener(rnd)} ${rnd.pick(AGENT_TURNS)} ${rnd.pick(CLOSINGS)}`);
}
