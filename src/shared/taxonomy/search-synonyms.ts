/**
 * Words shops use for a product that the bundled taxonomies name otherwise, so that a search
 * for the shop's word finds the standard category: "flip flop" is a sandal or a slipper in
 * Shopify's and Google's trees, a kurta a tunic. Keys and targets are written singular; the
 * search brings every word to that form first (see `wordStem`).
 */
export const SEARCH_SYNONYMS: Readonly<Record<string, readonly string[]>> = {
  'flip flop': ['sandal', 'slipper'],
  flipflop: ['sandal', 'slipper'],
  chappal: ['sandal', 'slipper'],
  slide: ['sandal', 'slipper'],
  kurta: ['tunic', 'traditional clothing'],
  kurti: ['tunic', 'traditional clothing'],
  saree: ['sari'],
  lehenga: ['sari'],
  salwar: ['traditional clothing'],
  dupatta: ['scarves', 'shawl'],
  tee: ['t-shirt'],
  tshirt: ['t-shirt'],
  trainer: ['athletic shoe', 'sneaker'],
  'sports shoe': ['athletic shoe', 'sneaker'],
  'running shoe': ['athletic shoe'],
  'casual shoe': ['sneaker', 'loafer'],
  jumper: ['sweater'],
  pullover: ['sweater'],
  cardigan: ['sweater'],
  trouser: ['pant'],
  jogger: ['pant'],
  brief: ['underwear', 'underpant'],
  panty: ['underwear', 'underpant'],
  'body mist': ['fragrance', 'perfume'],
  deo: ['deodorant'],
  purse: ['handbag', 'wallet'],
  mobile: ['phone'],
  cellphone: ['phone'],
  tv: ['television'],
  fridge: ['refrigerator'],
};
