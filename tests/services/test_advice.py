"""The "looks like advice" heuristic behind the just-listen nudge: advice is noticed, sharing is not."""
import pytest

from forum.services.advice import looks_like_advice

ADVICE = [
    "You should call your sponsor tonight.",
    "you need to get more sleep",
    "Have you tried journaling before bed?",
    "Why don't you go for a walk?",
    "Why don\u2019t you talk to your doctor?",  # a curly apostrophe, as phones type it
    "Just try to breathe through it.",
    "Try box breathing when it gets bad.",
    "That sounds hard. Stop blaming yourself for it.",
    "Go to a meeting, it always helps.",
    "I hear you.\nDon't give up on the program.",
    "If I were you I would leave.",
    "I'd suggest writing it down.",
    "YOU SHOULD REST.",
    "Honestly you have to set a boundary with him.",
    "Make sure you eat something today.",
]

NOT_ADVICE = [
    "I tried breathing exercises and they helped me a little.",
    "What helped me was calling a friend every morning.",
    "That sounds so hard. I'm here with you.",
    "I hear you, and I believe you.",
    "Congratulations on 30 days! So proud of you.",
    "Go you!! What a milestone.",
    "Take care of yourself tonight, I'm thinking of you.",
    "Just wanted to say you are not alone.",
    "Well done! Keep it up.",
    "I stopped drinking three years ago and the first weeks were the worst.",
    "Trying to stay strong alongside you.",
    "> you should stop\n\nYou said people keep telling you that. That must be exhausting.",
    "Going to meetings was what worked for me, in my own time.",
    "Thank you for sharing this with us.",
    "Σήμερα σε ακούω. Είμαι εδώ.",
]


@pytest.mark.parametrize("text", ADVICE)
def test_advice_like_replies_are_noticed(text):
    assert looks_like_advice(text)


@pytest.mark.parametrize("text", NOT_ADVICE)
def test_listening_sharing_and_quoting_are_not_advice(text):
    assert not looks_like_advice(text)


def test_words_inside_other_words_do_not_count():
    assert not looks_like_advice("Tryhard was my nickname. Stopwatch in hand I counted the days.")
