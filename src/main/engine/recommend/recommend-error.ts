/** A request the recommender cannot answer as asked (an unknown seed, a bad setting). */
export class RecommendError extends Error {
  override readonly name = 'RecommendError';
}
