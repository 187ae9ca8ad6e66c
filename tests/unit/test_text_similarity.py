"""The grouping's text similarity counts a batch's n-grams once but weights them per report: its
figures must be exactly scikit-learn's TF-IDF over the report and its own candidates, and bit for
bit what the sparse matrix operations give (the grouping computed it that way before)."""

import numpy as np
from sklearn.feature_extraction.text import CountVectorizer, TfidfVectorizer
from sklearn.metrics.pairwise import cosine_similarity

from services.incident_grouping import count_ngrams, text_similarities

BATCH = ["Zware knallen vuurwerk bij het Hoge Veld-plein", "Vuurwerk knallen op Hoge Veld-plein, jongeren",
         "Boom omgewaaid over het fietspad", "", "Harde knallen vuurwerk bij het plein",
         "Container vol, vuilniszakken ernaast", "Jongeren maken herrie bij het plein"]
ROWS = ([0, 1, 2, 3], [4, 0, 1, 6], [6, 5], [3, 0, 1], [1, 3, 4, 0, 5, 6, 2])


def counted():
    counts = CountVectorizer(analyzer="char_wb", ngram_range=(3, 5), lowercase=True).fit_transform(BATCH)
    counts.sort_indices()
    return counts


def with_sparse_operations(counts):
    """TF-IDF over the rows of `counts` and the cosine of the first with the others, as sparse
    matrix operations compute it."""
    rows = counts.shape[0]
    idf = np.log((1 + rows) / (1 + np.bincount(counts.indices, minlength=counts.shape[1]))) + 1.0
    weighted = counts.multiply(idf).tocsr()
    norms = np.sqrt(np.asarray(weighted.multiply(weighted).sum(axis=1)).ravel())
    products = (weighted[1:] @ weighted[0].T).toarray().ravel()
    scale = norms[1:] * norms[0]
    return np.divide(products, scale, out=np.zeros_like(products), where=scale > 0)


def test_per_report_weighting_over_batch_counts_equals_tfidf_over_the_report_and_its_candidates():
    counts = counted()
    for rows in ROWS:
        texts = [BATCH[i] for i in rows]
        vectors = TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), lowercase=True).fit_transform(texts)
        expected = cosine_similarity(vectors[0], vectors[1:])[0]
        got = text_similarities(counts, np.array(rows))
        assert len(got) == len(expected)
        assert all(abs(a - b) < 1e-12 for a, b in zip(got, expected))
        assert got.tolist() == with_sparse_operations(counts[rows]).tolist()      # bit for bit
    assert text_similarities(counts, np.array([0, 1, 2]))[0] > 0.3 > text_similarities(counts, np.array([0, 1, 2]))[1]


def test_only_the_wanted_candidates_are_compared_with_the_weights_of_all():
    counts = counted()
    rows = np.array(ROWS[-1])
    wanted = np.array([True, False, True, False, False, True])
    got = text_similarities(counts, rows, wanted)
    every = text_similarities(counts, rows)
    assert got[wanted].tolist() == every[wanted].tolist() and not got[~wanted].any()


def test_the_cached_ngram_counts_are_count_vectorizers():
    expected = CountVectorizer(analyzer="char_wb", ngram_range=(3, 5), lowercase=True).fit_transform(BATCH)
    got = count_ngrams(BATCH)
    assert got.shape == expected.shape and (got.toarray() == expected.toarray()).all()
    assert got.has_sorted_indices and got.data.dtype == expected.data.dtype
