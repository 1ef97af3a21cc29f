"""core.policy"""
