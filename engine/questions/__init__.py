"""Public questions (hỏi đáp): asked by anyone, routed by the editor, answered by an agency within 15 working days."""
