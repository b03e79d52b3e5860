/** The text a product is classified by: its title, then its description. */
export function productText(product: { title: string; description?: string }): string {
  return product.description ? `${product.title}\n${product.description}` : product.title;
}
