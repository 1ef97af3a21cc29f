"""core.legacy"""
