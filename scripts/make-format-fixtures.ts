/**
 * Writes the import's format and encoding fixtures (tests/fixtures/formats, tests/fixtures/
 * encodings) from one small made-up catalogue, in the layouts the platforms document: Shopify's
 * product CSV (current and legacy), WooCommerce's product CSV, Merchant Center feeds (RSS 2.0,
 * Atom, TSV), spreadsheets (XLSX, XLS, ODS with a category-code sheet), JSON and JSON Lines, and
 * delimited text. No shop's real data: every product here is invented.
 *   npx tsx scripts/make-format-fixtures.ts
 * Legacy encodings are written with iconv (Debian's libc-bin).
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { utils, write } from '@e965/xlsx';
import Papa from 'papaparse';

/** Shops write cells as they are: the fixtures must not carry the app's own export escaping. */
function toCsv(
  rows: Record<string, string>[],
  options: { columns: string[]; delimiter?: string },
): string {
  return Papa.unparse(rows, {
    columns: options.columns,
    delimiter: options.delimiter ?? ',',
    newline: '\r\n',
  });
}

const FORMATS = new URL('../tests/fixtures/formats/', import.meta.url);
const ENCODINGS = new URL('../tests/fixtures/encodings/', import.meta.url);

interface Product {
  handle: string;
  title: string;
  body: string;
  vendor: string;
  kind: 'tee' | 'sneaker' | 'mug' | 'backpack';
  sizes: string[];
}

const KINDS = {
  tee: {
    shopify: 'Apparel & Accessories > Clothing > Clothing Tops > T-Shirts',
    type: 'T-Shirt',
    woo: 'Clothing > T-shirts',
    google: '212',
    code: 'TS',
    name: 'T-shirts',
  },
  sneaker: {
    shopify: 'Apparel & Accessories > Shoes > Sneakers',
    type: 'Sneakers',
    woo: 'Shoes > Sneakers',
    google: 'Apparel & Accessories > Shoes',
    code: 'SN',
    name: 'Sneakers',
  },
  mug: {
    shopify: 'Home & Garden > Kitchen & Dining > Tableware > Drinkware > Mugs',
    type: 'Mug',
    woo: 'Home\\, Kitchen > Mugs',
    google: '2169',
    code: 'MG',
    name: 'Mugs',
  },
  backpack: {
    shopify: 'Luggage & Bags > Backpacks',
    type: 'Backpack',
    woo: 'Bags > Backpacks',
    google: '100',
    code: 'BP',
    name: 'Backpacks',
  },
} as const;

const p = (
  handle: string,
  title: string,
  body: string,
  vendor: string,
  kind: Product['kind'],
  sizes: string[] = ['One size'],
): Product => ({ handle, title, body, vendor, kind, sizes });

const PRODUCTS: Product[] = [
  p(
    'organic-crew-tee',
    'Organic Cotton Crew Neck T-Shirt',
    '<p>Soft <strong>organic cotton</strong> tee with a relaxed fit.</p>',
    'Northwind',
    'tee',
    ['S', 'M', 'L'],
  ),
  p(
    'striped-breton-tee',
    'Striped Breton Short Sleeve Tee',
    '<p>Classic navy &amp; white stripes.</p><ul><li>100% cotton</li></ul>',
    'Harbor & Co',
    'tee',
    ['S', 'M'],
  ),
  p(
    'graphic-mountain-tee',
    'Graphic Mountain Print T-Shirt',
    '<p>Screen-printed mountain graphic.</p>',
    'Northwind',
    'tee',
    ['M', 'L'],
  ),
  p(
    'v-neck-basic-tee',
    'Basic V-Neck Tee in Heather Grey',
    '<p>Everyday v-neck, pre-shrunk.</p>',
    'Basics Lab',
    'tee',
    ['S', 'M', 'L'],
  ),
  p(
    'long-line-tee',
    'Longline Oversized Tee',
    '<p>Drop shoulders, longer hem.</p>',
    'Basics Lab',
    'tee',
  ),
  p(
    'kids-dino-tee',
    'Kids Dinosaur T-Shirt',
    '<p>Glow-in-the-dark dino print.</p>',
    'Little Fern',
    'tee',
    ['4Y', '6Y'],
  ),
  p(
    'pocket-tee',
    'Pocket Tee — Washed Black',
    '<p>Garment-dyed with a chest pocket.</p>',
    'Harbor & Co',
    'tee',
  ),
  p('ringer-tee', 'Retro Ringer T-Shirt', '<p>Contrast collar and cuffs.</p>', 'Northwind', 'tee'),
  p(
    'canvas-low-sneaker',
    'Canvas Low Top Sneakers',
    '<p>Vulcanised rubber sole, cotton canvas upper.</p>',
    'Stride',
    'sneaker',
    ['40', '41', '42'],
  ),
  p(
    'leather-court-sneaker',
    'White Leather Court Sneakers',
    '<p>Minimal leather sneaker with padded collar.</p>',
    'Stride',
    'sneaker',
    ['41', '43'],
  ),
  p(
    'trail-running-shoe',
    'Trail Running Shoes with Grip Sole',
    '<p>Lugged outsole for loose ground.</p>',
    'Peakline',
    'sneaker',
    ['42', '44'],
  ),
  p(
    'knit-runner',
    'Knit Runner Sneakers',
    '<p>Breathable knit upper, foam midsole.</p>',
    'Peakline',
    'sneaker',
  ),
  p(
    'high-top-sneaker',
    'Suede High Top Sneakers',
    '<p>Suede panels and a cushioned insole.</p>',
    'Stride',
    'sneaker',
  ),
  p(
    'slip-on-sneaker',
    'Slip-On Canvas Sneakers',
    '<p>Elastic side gores, easy on and off.</p>',
    'Stride',
    'sneaker',
  ),
  p(
    'kids-velcro-sneaker',
    'Kids Velcro Strap Sneakers',
    '<p>Hook-and-loop straps for small hands.</p>',
    'Little Fern',
    'sneaker',
  ),
  p(
    'retro-jogger',
    'Retro Jogger Sneakers in Suede',
    '<p>Seventies runner silhouette.</p>',
    'Peakline',
    'sneaker',
  ),
  p(
    'stoneware-mug',
    'Speckled Stoneware Coffee Mug 350 ml',
    '<p>Hand-glazed stoneware, dishwasher safe.</p>',
    'Kiln House',
    'mug',
  ),
  p(
    'enamel-camp-mug',
    'Enamel Camping Mug',
    '<p>Steel with enamel coating; <em>do not microwave</em>.</p>',
    'Peakline',
    'mug',
  ),
  p(
    'travel-mug',
    'Insulated Travel Mug with Lid',
    '<p>Keeps coffee hot for 6 hours.</p>',
    'Kiln House',
    'mug',
  ),
  p(
    'porcelain-mug-set',
    'Porcelain Mug Set of 4',
    '<p>Fine white porcelain tea mugs.</p>',
    'Kiln House',
    'mug',
  ),
  p(
    'espresso-cups',
    'Double Wall Glass Espresso Mugs',
    '<p>Borosilicate glass, 80 ml.</p>',
    'Harbor & Co',
    'mug',
  ),
  p(
    'name-mug',
    '@home Personalised Name Mug',
    '<p>Printed with your name.</p>',
    'Kiln House',
    'mug',
  ),
  p('latte-mug', 'Large Latte Mug in Sage', '<p>Wide rim, 500 ml.</p>', 'Kiln House', 'mug'),
  p(
    'tea-mug-infuser',
    'Tea Mug with Infuser and Lid',
    '<p>Stainless steel infuser basket.</p>',
    'Harbor & Co',
    'mug',
  ),
  p(
    'rolltop-backpack',
    'Waterproof Roll-Top Backpack 25 L',
    '<p>Welded seams and a roll closure.</p>',
    'Peakline',
    'backpack',
  ),
  p(
    'laptop-backpack',
    'Laptop Backpack with USB Port',
    '<p>Padded sleeve fits 15" laptops.</p>',
    'Northwind',
    'backpack',
  ),
  p(
    'canvas-rucksack',
    '-50% Canvas Rucksack with Leather Straps',
    '<p>Waxed canvas, brass buckles.</p>',
    'Harbor & Co',
    'backpack',
  ),
  p(
    'kids-school-backpack',
    'Kids School Backpack with Reflective Strips',
    '<p>Light and bright for the walk to school.</p>',
    'Little Fern',
    'backpack',
  ),
  p(
    'hiking-daypack',
    'Hiking Daypack 18 L',
    '<p>Hip belt and hydration sleeve.</p>',
    'Peakline',
    'backpack',
  ),
  p(
    'mini-backpack',
    'Mini Leather Backpack',
    '<p>Pebbled leather, zip pocket.</p>',
    'Harbor & Co',
    'backpack',
  ),
  p(
    'travel-backpack',
    'Carry-On Travel Backpack 40 L',
    '<p>Clamshell opening, lockable zips.</p>',
    'Northwind',
    'backpack',
  ),
  p(
    'gym-drawstring',
    'Gym Drawstring Backpack',
    '<p>Lightweight nylon sack pack.</p>',
    'Basics Lab',
    'backpack',
  ),
];

const image = (handle: string, n = 1) => `https://cdn.shop.example/files/${handle}-${n}.jpg`;
const plain = (html: string) =>
  html
    .replace(/<[^>]+>/g, ' ')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
    .trim();

function save(folder: URL, name: string, data: string | Uint8Array) {
  writeFileSync(new URL(name, folder), data);
}

// Shopify, current layout: variants as extra rows; Status; Product Category paths (one as a gid).
function shopifyCurrent(): string {
  const columns = [
    'Handle',
    'Title',
    'Body (HTML)',
    'Vendor',
    'Product Category',
    'Type',
    'Tags',
    'Published',
    'Option1 Name',
    'Option1 Value',
    'Option1 Linked To',
    'Variant SKU',
    'Variant Grams',
    'Variant Inventory Tracker',
    'Variant Inventory Qty',
    'Variant Inventory Policy',
    'Variant Fulfillment Service',
    'Variant Price',
    'Variant Compare At Price',
    'Variant Requires Shipping',
    'Variant Taxable',
    'Variant Barcode',
    'Image Src',
    'Image Position',
    'Image Alt Text',
    'Gift Card',
    'SEO Title',
    'SEO Description',
    'Google Shopping / Google Product Category',
    'Variant Image',
    'Variant Weight Unit',
    'Variant Tax Code',
    'Cost per item',
    'Status',
  ];
  const rows: Record<string, string>[] = [];
  PRODUCTS.forEach((product, index) => {
    const kind = KINDS[product.kind];
    let category: string = kind.shopify;
    if (product.handle === 'travel-mug') category = 'gid://shopify/TaxonomyCategory/hg-11-10-5-5';
    if (product.handle === 'gym-drawstring') category = ''; // unlabelled: to be classified
    const status =
      product.handle === 'ringer-tee'
        ? 'draft'
        : product.handle === 'retro-jogger'
          ? 'archived'
          : 'active';
    product.sizes.forEach((size, v) => {
      const first = v === 0;
      rows.push({
        Handle: product.handle,
        Title: first ? product.title : '',
        'Body (HTML)': first ? product.body : '',
        Vendor: first ? product.vendor : '',
        'Product Category': first ? category : '',
        Type: first ? kind.type : '',
        Tags: first ? `${kind.name.toLowerCase()}, ${product.vendor.toLowerCase()}` : '',
        Published: first ? String(status === 'active').toUpperCase() : '',
        'Option1 Name': first ? (product.sizes.length > 1 ? 'Size' : 'Title') : '',
        'Option1 Value': product.sizes.length > 1 ? size : 'Default Title',
        'Option1 Linked To': '',
        'Variant SKU': `${kind.code}-${index + 1}-${size}`,
        'Variant Grams': '250',
        'Variant Inventory Tracker': 'shopify',
        'Variant Inventory Qty': '10',
        'Variant Inventory Policy': 'deny',
        'Variant Fulfillment Service': 'manual',
        'Variant Price': '24.00',
        'Variant Compare At Price': '',
        'Variant Requires Shipping': 'TRUE',
        'Variant Taxable': 'TRUE',
        'Variant Barcode': '',
        'Image Src': first ? image(product.handle) : '',
        'Image Position': first ? '1' : '',
        'Image Alt Text': '',
        'Gift Card': first ? 'FALSE' : '',
        'SEO Title': '',
        'SEO Description': '',
        'Google Shopping / Google Product Category': '',
        'Variant Image': '',
        'Variant Weight Unit': 'g',
        'Variant Tax Code': '',
        'Cost per item': '',
        Status: first ? status : '',
      });
    });
    // An extra image: a row with only the Handle and the image.
    if (index % 5 === 0)
      rows.push(
        Object.fromEntries(
          columns.map((c) => [
            c,
            c === 'Handle'
              ? product.handle
              : c === 'Image Src'
                ? image(product.handle, 2)
                : c === 'Image Position'
                  ? '2'
                  : '',
          ]),
        ),
      );
  });
  return toCsv(rows, { columns });
}

// Shopify, legacy layout (before Product Category and Status): Type, Published.
function shopifyLegacy(): string {
  const columns = [
    'Handle',
    'Title',
    'Body (HTML)',
    'Vendor',
    'Type',
    'Tags',
    'Published',
    'Option1 Name',
    'Option1 Value',
    'Variant SKU',
    'Variant Price',
    'Image Src',
    'Image Position',
    'Gift Card',
    'Google Shopping / Google Product Category',
    'Variant Image',
  ];
  const rows: Record<string, string>[] = [];
  PRODUCTS.forEach((product, index) => {
    product.sizes.forEach((size, v) => {
      const first = v === 0;
      rows.push({
        Handle: product.handle,
        Title: first ? product.title : '',
        'Body (HTML)': first ? product.body : '',
        Vendor: first ? product.vendor : '',
        Type: first ? KINDS[product.kind].type : '',
        Tags: first ? KINDS[product.kind].name.toLowerCase() : '',
        Published: first ? (index === 3 ? 'false' : 'true') : '',
        'Option1 Name': first ? 'Size' : '',
        'Option1 Value': size,
        'Variant SKU': `L-${index + 1}-${size}`,
        'Variant Price': '19.99',
        'Image Src': first ? image(product.handle) : '',
        'Image Position': first ? '1' : '',
        'Gift Card': first ? 'false' : '',
        'Google Shopping / Google Product Category': '',
        'Variant Image': '',
      });
    });
  });
  return toCsv(rows, { columns });
}

// WooCommerce: BOM, several categories per product, `\,` escapes, Uncategorized, variations.
function wooCommerce(): string {
  const columns = [
    'ID',
    'Type',
    'SKU',
    'Name',
    'Published',
    'Is featured?',
    'Visibility in catalog',
    'Short description',
    'Description',
    'Date sale price starts',
    'Date sale price ends',
    'Tax status',
    'Tax class',
    'In stock?',
    'Stock',
    'Low stock amount',
    'Backorders allowed?',
    'Sold individually?',
    'Weight (kg)',
    'Length (cm)',
    'Width (cm)',
    'Height (cm)',
    'Allow customer reviews?',
    'Purchase note',
    'Sale price',
    'Regular price',
    'Categories',
    'Tags',
    'Shipping class',
    'Images',
    'Download limit',
    'Download expiry days',
    'Parent',
    'Grouped products',
    'Upsells',
    'Cross-sells',
    'External URL',
    'Button text',
    'Position',
    'Attribute 1 name',
    'Attribute 1 value(s)',
    'Attribute 1 visible',
    'Attribute 1 global',
  ];
  const rows: Record<string, string>[] = [];
  let id = 100;
  for (const product of PRODUCTS) {
    const kind = KINDS[product.kind];
    const parentId = ++id;
    const variable = product.sizes.length > 1;
    let categories = `${kind.woo.split(' > ')[0]}, ${kind.woo}`;
    if (product.handle === 'pocket-tee') categories = `Uncategorized, ${kind.woo}`;
    if (product.handle === 'gym-drawstring') categories = 'Uncategorized';
    const base = Object.fromEntries(columns.map((c) => [c, ''])) as Record<string, string>;
    rows.push({
      ...base,
      ID: String(parentId),
      Type: variable ? 'variable' : 'simple',
      SKU: product.handle,
      Name: product.title,
      Published: product.handle === 'ringer-tee' ? '0' : '1',
      'Is featured?': '0',
      'Visibility in catalog': 'visible',
      'Short description': plain(product.body),
      Description: product.body,
      'Tax status': 'taxable',
      'In stock?': '1',
      'Regular price': variable ? '' : '24',
      Categories: categories,
      Tags: product.vendor,
      Images: `${image(product.handle)}, ${image(product.handle, 2)}`,
      Position: '0',
      'Attribute 1 name': variable ? 'Size' : '',
      'Attribute 1 value(s)': variable ? product.sizes.join(', ') : '',
      'Attribute 1 visible': variable ? '1' : '',
      'Attribute 1 global': variable ? '1' : '',
    });
    if (variable)
      product.sizes.forEach((size, v) => {
        rows.push({
          ...base,
          ID: String(++id),
          Type: 'variation',
          SKU: `${product.handle}-${size.toLowerCase()}`,
          Name: `${product.title} - ${size}`,
          Published: '1',
          'In stock?': '1',
          'Regular price': '24',
          Parent: `id:${parentId}`,
          Position: String(v + 1),
          'Attribute 1 name': 'Size',
          'Attribute 1 value(s)': size,
          'Attribute 1 global': '1',
        });
      });
  }
  return `\uFEFF${toCsv(rows, { columns })}`;
}

interface FeedItem {
  id: string;
  group: string;
  title: string;
  description: string;
  link: string;
  image: string;
  google: string;
  productType: string;
  brand: string;
}

function feedItems(): FeedItem[] {
  const items: FeedItem[] = [];
  PRODUCTS.forEach((product) => {
    const kind = KINDS[product.kind];
    product.sizes.forEach((size) => {
      items.push({
        id: product.sizes.length > 1 ? `${product.handle}-${size.toLowerCase()}` : product.handle,
        group: product.sizes.length > 1 ? product.handle : '',
        title: product.sizes.length > 1 ? `${product.title} (${size})` : product.title,
        description: product.body,
        link: `https://shop.example/products/${product.handle}`,
        image: image(product.handle),
        google:
          product.handle === 'gym-drawstring'
            ? ''
            : product.handle === 'mini-backpack'
              ? '999999'
              : kind.google,
        productType: kind.woo.replace('\\,', ','),
        brand: product.vendor,
      });
    });
  });
  return items;
}

const xml = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function merchantRss(): string {
  const items = feedItems().map(
    (item) => `    <item>
      <g:id>${xml(item.id)}</g:id>
      <g:title><![CDATA[${item.title}]]></g:title>
      <g:description><![CDATA[${item.description}]]></g:description>
      <g:link>${xml(item.link)}</g:link>
      <g:image_link>${xml(item.image)}</g:image_link>
      <g:availability>in_stock</g:availability>
      <g:price>24.00 USD</g:price>
${item.google ? `      <g:google_product_category>${xml(item.google)}</g:google_product_category>\n` : ''}      <g:product_type>${xml(item.productType)}</g:product_type>
${item.group ? `      <g:item_group_id>${xml(item.group)}</g:item_group_id>\n` : ''}      <g:brand>${xml(item.brand)}</g:brand>
      <g:shipping>
        <g:country>US</g:country>
        <g:price>4.95 USD</g:price>
      </g:shipping>
    </item>`,
  );
  return `\uFEFF<?xml version="1.0" encoding="UTF-8"?>
<rss xmlns:g="http://base.google.com/ns/1.0" version="2.0">
  <channel>
    <title>Example Outfitters</title>
    <link>https://shop.example</link>
    <description>Product feed</description>
${items.join('\n')}
  </channel>
</rss>
`;
}

function merchantAtom(): string {
  const entries = feedItems()
    .slice(0, 30)
    .map(
      (item) => `  <entry>
    <g:id>${xml(item.id)}</g:id>
    <title>${xml(item.title)}</title>
    <link href="${xml(item.link)}"/>
    <summary><![CDATA[${item.description}]]></summary>
    <g:image_link>${xml(item.image)}</g:image_link>
    <g:price>24.00 USD</g:price>
${item.google ? `    <g:google_product_category>${xml(item.google)}</g:google_product_category>\n` : ''}    <g:product_type>${xml(item.productType)}</g:product_type>
${item.group ? `    <g:item_group_id>${xml(item.group)}</g:item_group_id>\n` : ''}  </entry>`,
    );
  return `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xmlns:g="http://base.google.com/ns/1.0">
  <title>Example Outfitters</title>
  <link rel="self" href="https://shop.example/feed.xml"/>
  <updated>2024-05-01T00:00:00Z</updated>
${entries.join('\n')}
</feed>
`;
}

function merchantTsv(): string {
  const columns = [
    'id',
    'title',
    'description',
    'link',
    'image_link',
    'availability',
    'price',
    'google_product_category',
    'product_type',
    'item_group_id',
    'brand',
  ];
  const rows = feedItems().map((item) => ({
    id: item.id,
    title: item.title,
    description: plain(item.description),
    link: item.link,
    image_link: item.image,
    availability: 'in_stock',
    price: '24.00 USD',
    google_product_category: item.google,
    product_type: item.productType,
    item_group_id: item.group,
    brand: item.brand,
  }));
  return toCsv(rows, { columns, delimiter: '\t' });
}

function workbook() {
  const book = utils.book_new();
  const products = [
    ['SKU', 'Product name', 'Description', 'Category code'],
    ...PRODUCTS.map((product, index) => [
      `P${1000 + index}`,
      product.title,
      plain(product.body),
      product.handle === 'gym-drawstring' ? '' : KINDS[product.kind].code,
    ]),
  ];
  utils.book_append_sheet(book, utils.aoa_to_sheet(products), 'Products');
  const codes = [
    ['Code', 'Category'],
    ...Object.values(KINDS).map((kind) => [kind.code, kind.name]),
  ];
  utils.book_append_sheet(book, utils.aoa_to_sheet(codes), 'Categories');
  return book;
}

function jsonArray(): string {
  const products = PRODUCTS.map((product, index) => ({
    id: 9000 + index,
    title: product.title,
    body_html: product.body,
    vendor: product.vendor,
    handle: product.handle,
    category:
      product.handle === 'gym-drawstring'
        ? null
        : { name: KINDS[product.kind].name, code: KINDS[product.kind].code },
    tags: [product.vendor, KINDS[product.kind].type],
    images: [{ src: image(product.handle), position: 1 }],
    variants: product.sizes.map((size) => ({ title: size, price: '24.00' })),
  }));
  return `${JSON.stringify({ products }, null, 2)}\n`;
}

function jsonLines(): string {
  return (
    PRODUCTS.map((product, index) =>
      JSON.stringify({
        sku: `J${index + 1}`,
        name: product.title,
        description: plain(product.body),
        category:
          product.handle === 'gym-drawstring' ? '' : KINDS[product.kind].woo.replace('\\,', ','),
      }),
    ).join('\n') + '\n'
  );
}

function delimited(delimiter: string): string {
  const rows = PRODUCTS.map((product, index) => ({
    sku: `D${index + 1}`,
    title: product.title,
    category: KINDS[product.kind].name,
  }));
  return toCsv(rows, { columns: ['sku', 'title', 'category'], delimiter });
}

save(FORMATS, 'shopify-products.csv', shopifyCurrent());
save(FORMATS, 'shopify-legacy.csv', shopifyLegacy());
save(FORMATS, 'woocommerce-products.csv', wooCommerce());
save(FORMATS, 'merchant-feed.xml', merchantRss());
save(FORMATS, 'merchant-feed-atom.xml', merchantAtom());
save(FORMATS, 'merchant-feed.tsv', merchantTsv());
save(
  FORMATS,
  'catalogue.xlsx',
  new Uint8Array(write(workbook(), { type: 'array', bookType: 'xlsx' }) as ArrayBuffer),
);
save(
  FORMATS,
  'catalogue.xls',
  new Uint8Array(write(workbook(), { type: 'array', bookType: 'xls' }) as ArrayBuffer),
);
save(
  FORMATS,
  'catalogue.ods',
  new Uint8Array(write(workbook(), { type: 'array', bookType: 'ods' }) as ArrayBuffer),
);
save(FORMATS, 'catalogue.json', jsonArray());
save(FORMATS, 'catalogue.jsonl', jsonLines());
save(FORMATS, 'catalogue-semicolon.csv', delimited(';'));
save(FORMATS, 'catalogue-pipe.txt', delimited('|'));
save(FORMATS, 'catalogue-tab.tsv', delimited('\t'));

/** The same few products in each script, for the encodings that write it. */
const TEXTS = {
  latin: [
    ['Café crème en grains 1 kg', 'Épicerie'],
    ['Crêpes Suzette façon grand-mère', 'Épicerie'],
    ['Bière blonde artisanale 33 cl', 'Boissons'],
    ['Thé vert à la menthe', 'Boissons'],
    ['Pâte à tartiner noisette', 'Épicerie'],
    ['Jus d’orange pressé', 'Boissons'],
  ],
  japanese: [
    ['レディース 花柄 ワンピース 夏', 'ワンピース'],
    ['メンズ 半袖 Tシャツ 綿100%', 'Tシャツ'],
    ['子供用 スニーカー 軽量', '靴'],
    ['ロング丈 シャツワンピース', 'ワンピース'],
    ['無地 クルーネック Tシャツ', 'Tシャツ'],
    ['ランニングシューズ 防水', '靴'],
  ],
  simplified: [
    ['女士 碎花 连衣裙 夏季', '连衣裙'],
    ['男士 短袖 T恤 纯棉', 'T恤'],
    ['儿童 运动鞋 轻便', '鞋子'],
    ['长款 衬衫 连衣裙', '连衣裙'],
    ['圆领 纯色 T恤', 'T恤'],
    ['防水 跑步鞋 男款', '鞋子'],
  ],
  traditional: [
    ['女士 碎花 連衣裙 夏季', '連衣裙'],
    ['男士 短袖 T恤 純棉', 'T恤'],
    ['兒童 運動鞋 輕便', '鞋子'],
    ['長款 襯衫 連衣裙', '連衣裙'],
    ['圓領 純色 T恤', 'T恤'],
    ['防水 跑步鞋 男款', '鞋子'],
  ],
  korean: [
    ['여성 꽃무늬 원피스 여름', '원피스'],
    ['남성 반팔 티셔츠 면', '티셔츠'],
    ['어린이 운동화 가벼운', '신발'],
    ['롱 셔츠 원피스', '원피스'],
    ['무지 라운드넥 티셔츠', '티셔츠'],
    ['방수 러닝화 남성용', '신발'],
  ],
};

function textCsv(rows: readonly (readonly string[])[]): string {
  return (
    toCsv(
      rows.map(([title, category], index) => ({
        id: String(index + 1),
        title: title as string,
        category: category as string,
      })),
      { columns: ['id', 'title', 'category'] },
    ) + '\r\n'
  );
}

function utf16(text: string, bigEndian: boolean, mark: boolean): Uint8Array {
  const body = (mark ? '\uFEFF' : '') + text;
  const bytes = new Uint8Array(body.length * 2);
  for (let i = 0; i < body.length; i++) {
    const code = body.charCodeAt(i);
    bytes[i * 2 + (bigEndian ? 1 : 0)] = code & 0xff;
    bytes[i * 2 + (bigEndian ? 0 : 1)] = code >> 8;
  }
  return bytes;
}

const mixed = textCsv([...TEXTS.latin.slice(0, 3), ...TEXTS.japanese.slice(0, 3)]);
save(ENCODINGS, 'utf-8.csv', mixed);
save(ENCODINGS, 'utf-8-bom.csv', `\uFEFF${mixed}`);
save(ENCODINGS, 'utf-16le-bom.csv', utf16(mixed, false, true));
save(ENCODINGS, 'utf-16le.csv', utf16(mixed, false, false));
save(ENCODINGS, 'utf-16be-bom.csv', utf16(mixed, true, true));
save(ENCODINGS, 'utf-16be.csv', utf16(mixed, true, false));
const legacy: [string, string, keyof typeof TEXTS][] = [
  ['windows-1252.csv', 'WINDOWS-1252', 'latin'],
  ['shift_jis.csv', 'SHIFT_JIS', 'japanese'],
  ['euc-jp.csv', 'EUC-JP', 'japanese'],
  ['gbk.csv', 'GBK', 'simplified'],
  ['big5.csv', 'BIG5', 'traditional'],
  ['euc-kr.csv', 'EUC-KR', 'korean'],
];
for (const [name, iconvName, script] of legacy)
  save(
    ENCODINGS,
    name,
    execFileSync('iconv', ['-f', 'UTF-8', '-t', iconvName], { input: textCsv(TEXTS[script]) }),
  );
console.log('fixtures written');
