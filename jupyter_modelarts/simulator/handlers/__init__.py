"""simulator.handlers"""
