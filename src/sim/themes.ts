/**
 * The word-problem settings. Each theme is one quantity that every operation changes, so a chain
 * of operations always reads as one coherent story.
 *
 * Placeholders: {N} a person's name, {P}/{p} subject pronoun, {h} possessive, {o} object pronoun,
 * {v} the start value, {x} the operation's operand. A question sentence (`q`) must not start with
 * {N} or a number: a connector ("Then", "Later,") may be put in front of it and its first letter
 * lower-cased. A solution clause (`s`) starts lower-case; frames capitalise it where needed.
 */

/** The four operations a problem chains. */
export type OpKind = 'add' | 'sub' | 'mul' | 'div';

export interface OpText {
  /** The sentence in the question. */
  q: string;
  /** The same event as a clause in a solution step. */
  s: string;
}

/** A story setting: one quantity, its unit, and sentences for each operation. */
export interface Theme {
  id: string;
  title: string;
  /** Written before/after an amount in prose: "$57", "57 apples". */
  unitPre: string;
  unitPost: string;
  start: readonly string[];
  ops: Readonly<Record<OpKind, readonly OpText[]>>;
  ask: readonly string[];
}

/** The person a story is about, with the pronouns its sentences need. */
export interface Person {
  name: string;
  subject: string;
  possessive: string;
  object: string;
}

export const PEOPLE: readonly Person[] = [
  ['Maria', 'she'], ['Tom', 'he'], ['Aisha', 'she'], ['Kenji', 'he'], ['Lucia', 'she'],
  ['Omar', 'he'], ['Priya', 'she'], ['Ben', 'he'], ['Sofia', 'she'], ['Diego', 'he'],
  ['Mei', 'she'], ['Samuel', 'he'],
].map(([name, subject]) => ({
  name,
  subject,
  possessive: subject === 'she' ? 'her' : 'his',
  object: subject === 'she' ? 'her' : 'him',
}));

export const THEMES: readonly Theme[] = [
  {
    id: 'apples', title: 'Apples', unitPre: '', unitPost: ' apples',
    start: ['{N} has {v} apples in a basket.', '{N} picks {v} apples in the orchard in the morning.'],
    ops: {
      add: [{ q: '{P} picks {x} more apples from the orchard.', s: '{p} picks {x} more apples' },
        { q: 'A neighbour gives {o} {x} apples.', s: 'a neighbour gives {o} {x} apples' }],
      sub: [{ q: '{P} uses {x} apples to bake a pie.', s: '{p} uses {x} apples for the pie' },
        { q: '{P} gives {x} apples to {h} brother.', s: '{p} gives {x} apples to {h} brother' }],
      mul: [{ q: '{P} trades at the market and ends up with {x} times as many apples as {p} had.', s: '{p} ends up with {x} times as many apples' }],
      div: [{ q: '{P} shares the apples equally among {x} baskets and keeps only one basket.', s: '{p} keeps one of {x} equal baskets' }],
    },
    ask: ['How many apples does {N} have now?', 'How many apples does {N} have at the end?'],
  },
  {
    id: 'train', title: 'Trains', unitPre: '', unitPost: ' passengers',
    start: ['A train leaves the first station with {v} passengers on board.', 'A morning train starts its trip carrying {v} passengers.'],
    ops: {
      add: [{ q: 'At the next stop, {x} passengers get on.', s: 'at the next stop {x} passengers get on' },
        { q: 'A group of {x} more people boards at the market station.', s: 'a group of {x} more people boards' }],
      sub: [{ q: 'At the next station, {x} passengers get off.', s: 'at the next station {x} passengers get off' },
        { q: 'A school class of {x} passengers leaves the train at the museum.', s: '{x} passengers leave at the museum' }],
      mul: [{ q: 'At the central station a crowd boards, and the number of passengers becomes {x} times as large.', s: 'the number of passengers becomes {x} times as large' }],
      div: [{ q: 'The train is split into {x} equal parts, and only the front part, with an equal share of the passengers, goes on.', s: 'only one of the {x} equal parts goes on' }],
    },
    ask: ['How many passengers are on the train at the end of the trip?', 'How many passengers are on the train when it arrives?'],
  },
  {
    id: 'savings', title: 'Savings', unitPre: '$', unitPost: '',
    start: ['{N} has saved ${v}.', '{N} keeps ${v} in a savings jar.'],
    ops: {
      add: [{ q: '{P} earns ${x} mowing lawns.', s: '{p} earns ${x} mowing lawns' },
        { q: '{P} receives ${x} for {h} birthday.', s: '{p} receives ${x} for {h} birthday' }],
      sub: [{ q: '{P} spends ${x} on a new book.', s: '{p} spends ${x} on a book' },
        { q: '{P} pays ${x} for a concert ticket.', s: '{p} pays ${x} for a ticket' }],
      mul: [{ q: 'A family savings challenge turns {h} money into {x} times as much.', s: '{h} money becomes {x} times as much' }],
      div: [{ q: '{P} splits {h} money equally into {x} envelopes and takes only one envelope to the fair.', s: '{p} takes one of {x} equal envelopes' }],
    },
    ask: ['How much money, in dollars, does {N} have now?', 'How many dollars does {N} have at the end?'],
  },
  {
    id: 'bakery', title: 'Bakery', unitPre: '', unitPost: ' cookies',
    start: ['A bakery bakes {v} cookies early in the morning.', 'The bakery on the corner starts the day with {v} cookies.'],
    ops: {
      add: [{ q: 'The bakers make {x} more cookies before lunch.', s: 'the bakers make {x} more cookies' }],
      sub: [{ q: 'Customers buy {x} cookies.', s: 'customers buy {x} cookies' },
        { q: 'A school orders {x} cookies for a party.', s: 'a school takes {x} cookies' }],
      mul: [{ q: 'For a festival, the bakers keep baking until they have {x} times as many cookies.', s: 'they bake until they have {x} times as many cookies' }],
      div: [{ q: 'The cookies are packed equally into {x} boxes, and only one box stays in the shop.', s: 'only one of {x} equal boxes stays in the shop' }],
    },
    ask: ['How many cookies are in the shop at the end of the day?', 'How many cookies does the bakery have left?'],
  },
  {
    id: 'recipe', title: 'Recipes', unitPre: '', unitPost: ' grams of flour',
    start: ['{N} is baking a cake that needs {v} grams of flour.', '{N} weighs out {v} grams of flour for a recipe.'],
    ops: {
      add: [{ q: '{P} adds {x} grams of flour for the icing.', s: '{p} adds {x} grams for the icing' }],
      sub: [{ q: '{P} spills {x} grams of flour on the floor.', s: '{p} spills {x} grams' },
        { q: '{P} sets aside {x} grams of flour for dusting.', s: '{p} sets aside {x} grams' }],
      mul: [{ q: '{P} decides to make {x} times the amount for a party.', s: '{p} makes {x} times the amount' }],
      div: [{ q: '{P} divides the flour equally into {x} bowls and uses only one bowl.', s: '{p} uses one of {x} equal bowls' }],
    },
    ask: ['How many grams of flour does {N} use in the end?', 'How many grams of flour are there at the end?'],
  },
  {
    id: 'library', title: 'Library', unitPre: '', unitPost: ' books',
    start: ['The school library has {v} books on one shelf.', 'A library shelf holds {v} books.'],
    ops: {
      add: [{ q: 'The librarian adds {x} new books to the shelf.', s: 'the librarian adds {x} new books' },
        { q: 'A donation brings {x} more books.', s: 'a donation brings {x} more books' }],
      sub: [{ q: 'Students borrow {x} books from the shelf.', s: 'students borrow {x} books' }],
      mul: [{ q: 'After a big donation the shelf holds {x} times as many books.', s: 'the shelf holds {x} times as many books' }],
      div: [{ q: 'The books are shared equally among {x} classrooms, and only one share stays on the shelf.', s: 'only one of {x} equal shares stays' }],
    },
    ask: ['How many books are on the shelf at the end?', 'How many books does the shelf hold now?'],
  },
  {
    id: 'tank', title: 'Water tank', unitPre: '', unitPost: ' liters',
    start: ['A water tank holds {v} liters.', 'A rain barrel on a farm holds {v} liters of water.'],
    ops: {
      add: [{ q: 'A pump adds {x} liters.', s: 'a pump adds {x} liters' },
        { q: 'A storm adds {x} liters of rain water.', s: 'the storm adds {x} liters' }],
      sub: [{ q: 'The farmer uses {x} liters to water the garden.', s: '{x} liters are used for the garden' }],
      mul: [{ q: 'A long rain fills it until it holds {x} times as much water.', s: 'it fills up to {x} times as much water' }],
      div: [{ q: 'The water is poured equally into {x} barrels, and only one barrel is kept.', s: 'only one of {x} equal barrels is kept' }],
    },
    ask: ['How many liters of water are there at the end?', 'How many liters are left in the end?'],
  },
  {
    id: 'stamps', title: 'Stamps', unitPre: '', unitPost: ' stamps',
    start: ['{N} has {v} stamps in {h} collection.', '{N} collects stamps and owns {v} of them.'],
    ops: {
      add: [{ q: '{P} buys {x} new stamps at a fair.', s: '{p} buys {x} new stamps' },
        { q: 'An aunt sends {o} {x} stamps from abroad.', s: 'an aunt sends {o} {x} stamps' }],
      sub: [{ q: '{P} trades away {x} stamps.', s: '{p} trades away {x} stamps' }],
      mul: [{ q: 'A gift of old albums makes {h} collection {x} times as large.', s: '{h} collection becomes {x} times as large' }],
      div: [{ q: '{P} sorts the stamps equally into {x} albums and gives away all but one album.', s: '{p} keeps one of {x} equal albums' }],
    },
    ask: ['How many stamps does {N} have now?', 'How many stamps are in the collection at the end?'],
  },
];

/** Fill the person placeholders of a template. */
export function fillPerson(template: string, person: Person): string {
  return template
    .replaceAll('{N}', person.name)
    .replaceAll('{P}', capitalize(person.subject))
    .replaceAll('{p}', person.subject)
    .replaceAll('{h}', person.possessive)
    .replaceAll('{o}', person.object);
}

/** Upper-case the first character. */
export function capitalize(s: string): string {
  return s.length === 0 ? s : s[0].toUpperCase() + s.slice(1);
}
